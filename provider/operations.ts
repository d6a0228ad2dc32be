import type { AltcraftClient, MailingActivateParams } from "../sdk";
import { isAltcraftApiError, isMailingNotFoundError } from "../sdk";
import { planUpdate } from "./diff";
import type { ActivatedMailingInputs, ActivatedMailingObserved, ActivatedMailingOutputs } from "./inputs";
import { pickInputs } from "./inputs";
import { activationRequestId, freshRequestId } from "./request-ids";

/** What the lifecycle needs from a connection: a client, and a bound on concurrent calls. */
export interface MailingSession {
  client: AltcraftClient;
  /** Runs one API call within the provider's concurrency bound. */
  call<T>(task: () => Promise<T>): Promise<T>;
  /** Where notable events (duplicate replays, stale replays) are reported. */
  log(line: string): void;
}

/** An error Pulumi records as "created but unhealthy": the activation ran, so the resource must not be orphaned. */
export interface PartialCreateError extends Error {
  id: string;
  properties: ActivatedMailingOutputs;
  reasons: string[];
}

/** The API parameters of an activation. Run parameters are sent only when the activation launches a run. */
export function activationParams(inputs: ActivatedMailingInputs, launch: boolean): MailingActivateParams {
  const params: MailingActivateParams = { id: inputs.mailingId };
  if (launch) {
    params.runNow = true;
    if (inputs.overrideSourceType !== undefined) params.overrideSourceType = inputs.overrideSourceType;
    if (inputs.overrideSourceId !== undefined) params.overrideSourceId = inputs.overrideSourceId;
    if (inputs.overrideLimit !== undefined) params.overrideLimit = inputs.overrideLimit;
  }
  if (inputs.content !== undefined) params.content = inputs.content;
  if (inputs.attach !== undefined) params.attach = inputs.attach;
  return params;
}

/** Reads what the API says about a mailing now: the flags from get_status, the name and type from get. */
export async function observeMailing(session: MailingSession, id: number): Promise<ActivatedMailingObserved> {
  const [status, info] = await Promise.all([
    session.call(() => session.client.mailings.getStatus({ id })),
    session.call(() => session.client.mailings.get({ id })),
  ]);
  return {
    isActive: status.isActive,
    isCompleted: status.isCompleted,
    status: status.status,
    name: info.name,
    type: info.type ?? "",
  };
}

/** `create`: activates the mailing (launching a run when `runNow`) and reads it back. Adopts an already-active mailing. */
export async function createActivatedMailing(session: MailingSession, inputs: ActivatedMailingInputs): Promise<ActivatedMailingOutputs> {
  return activateAndObserve(session, inputs, { launch: inputs.runNow, generation: "create" });
}

/** `update`: re-activates with the new inputs, launches only for changed run parameters, and never calls the API for a delete-only setting. */
export async function updateActivatedMailing(
  session: MailingSession,
  olds: ActivatedMailingOutputs,
  news: ActivatedMailingInputs,
): Promise<ActivatedMailingOutputs> {
  const plan = planUpdate(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
  if (plan.action === "none") return { ...olds, ...news };
  if (plan.action === "observe") {
    const observed = await withContext(news.mailingId, "read", () => observeMailing(session, news.mailingId));
    return { ...olds, ...news, ...observed };
  }
  return activateAndObserve(session, news, { launch: plan.launch, generation: olds.lastRequestId ?? "update" });
}

/** `read` (refresh): the mailing's real state, or `undefined` when the API confirms it no longer exists. */
export async function readActivatedMailing(
  session: MailingSession,
  id: number,
  olds: Partial<ActivatedMailingOutputs>,
): Promise<{ outputs: Partial<ActivatedMailingOutputs>; inputs: Record<string, unknown> } | undefined> {
  let observed: ActivatedMailingObserved;
  try {
    observed = await observeMailing(session, id);
  } catch (error) {
    if (isMailingNotFoundError(error)) return undefined;
    throw contextualError(id, "read", error);
  }
  const outputs = { ...olds, ...observed };
  const inputs = { runNow: false, abortIfRunning: false, ...pickInputs(olds as Record<string, unknown>), mailingId: id };
  return { outputs, inputs };
}

/** `delete`: deactivates the mailing. A mailing already inactive, or gone, counts as deleted. */
export async function deleteActivatedMailing(session: MailingSession, olds: ActivatedMailingOutputs): Promise<void> {
  const id = olds.mailingId;
  try {
    await session.call(() => session.client.mailings.deactivate({ id, abortIfRunning: olds.abortIfRunning === true }, { requestId: freshRequestId() }));
  } catch (error) {
    if (isMailingNotFoundError(error)) return;
    if (isAltcraftApiError(error) && (await isConfirmedInactive(session, id))) return;
    throw contextualError(id, "deactivate", error);
  }
}

async function isConfirmedInactive(session: MailingSession, id: number): Promise<boolean> {
  try {
    const status = await session.call(() => session.client.mailings.getStatus({ id }));
    return !status.isActive;
  } catch (error) {
    return isMailingNotFoundError(error);
  }
}

async function activateAndObserve(
  session: MailingSession,
  inputs: ActivatedMailingInputs,
  options: { launch: boolean; generation: string },
): Promise<ActivatedMailingOutputs> {
  const id = inputs.mailingId;
  const params = activationParams(inputs, options.launch);
  // `triggers` is not sent, but it is part of the intent: a new value must never be answered from the de-dup cache.
  const requestId = activationRequestId(options.generation, { ...params, triggers: inputs.triggers ?? null });
  let meta = await withContext(id, "activate", () => session.call(() => session.client.mailings.activate(params, { requestId })));
  let observed = await observeAfterActivation(session, inputs, meta.requestId);
  if (meta.duplicate && !observed.isActive && !observed.isCompleted) {
    // The platform replayed an identical earlier activation (a lost answer of this very step, or one made before a
    // destroy), yet the mailing is off now. Switch it on again with a fresh id, but never repeat the launch: that
    // run may well have gone out. A new run is asked for by changing `triggers`.
    const rearm = activationParams(inputs, false);
    session.log(
      `mailing ${id}: an identical activation already ran (Request-ID ${meta.requestId}) but the mailing is inactive; ` +
        `activating it again${options.launch ? " without launching the run a second time (change `triggers` to launch a new run)" : ""}`,
    );
    meta = await withContext(id, "activate", () => session.call(() => session.client.mailings.activate(rearm, { requestId: freshRequestId() })));
    observed = await observeAfterActivation(session, inputs, meta.requestId);
  } else if (meta.duplicate) {
    session.log(`mailing ${id}: an identical activation already ran (Request-ID ${meta.requestId}); it was not executed again`);
  }
  return { ...inputs, ...observed, lastRequestId: meta.requestId, activatedAt: new Date().toISOString() };
}

async function observeAfterActivation(session: MailingSession, inputs: ActivatedMailingInputs, requestId: string): Promise<ActivatedMailingObserved> {
  try {
    return await observeMailing(session, inputs.mailingId);
  } catch (error) {
    const reason = `mailing ${inputs.mailingId} was activated, but reading it back failed: ${messageOf(error)}. Run \`pulumi refresh\` to see its state.`;
    const properties: ActivatedMailingOutputs = {
      ...inputs,
      isActive: true,
      isCompleted: false,
      status: "unknown: read-back failed",
      name: "",
      type: "",
      lastRequestId: requestId,
      activatedAt: new Date().toISOString(),
    };
    throw Object.assign(new Error(reason), { id: String(inputs.mailingId), properties, reasons: [reason] }) satisfies PartialCreateError;
  }
}

async function withContext<T>(id: number, action: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    throw contextualError(id, action, error);
  }
}

/** Wraps a client error with the mailing and the action; the client's message already names the endpoint, code and text. */
function contextualError(id: number, action: string, error: unknown): Error {
  return Object.assign(new Error(`ActivatedMailing ${id}: ${action} failed: ${messageOf(error)}`), { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error || (typeof error === "object" && error !== null && "message" in error)
    ? String((error as { message: unknown }).message)
    : String(error);
}
