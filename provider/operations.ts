import type { AltcraftClient, MailingActivateParams } from "../sdk";
import { isAltcraftApiError } from "../sdk";
import type { DeploymentMemory } from "./deployment-memory";
import { recordedFlags } from "./diff";
import type { ActivatedMailingInputs, ActivatedMailingObserved, ActivatedMailingOutputs, ManualPauseRule } from "./inputs";
import { pickInputs } from "./inputs";
import { readMailing } from "./observe";
import { changedInputs, describePlan, isPaused, pauseFailure, pauseRuleFor, planCreate, planUpdate, type MailingPlan } from "./plan";
import { activationRequestId, freshRequestId } from "./request-ids";

/** What the lifecycle needs from a configured provider: a client, limits, settings and this deployment's memory. */
export interface MailingSession {
  client: AltcraftClient;
  /** Runs one API call within the provider's concurrency bound. */
  call<T>(task: () => Promise<T>): Promise<T>;
  /** Where a reviewer reads what a step does (stdout: the CLI shows it as a diagnostic). */
  log(line: string): void;
  /** A warning the CLI shows as such (a launch answered from the de-duplication cache). */
  warn(line: string): Promise<void>;
  /** The API token: the key of the activation Request-IDs (see request-ids.ts). Never printed or stored. */
  token: string;
  /** The Pulumi project, for Request-IDs of state written before `declaredBy` existed. */
  project: string;
  /** Read each declared mailing during `check`. */
  verifyOnPreview: boolean;
  /** The stack's rule for a mailing paused outside Pulumi. */
  onManualPause: ManualPauseRule;
  memory: DeploymentMemory;
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

/**
 * `check`'s read (with `altcraft:verifyOnPreview`): one `campaigns/get`, remembered for the create or update of this
 * deployment. Returns a reason to refuse the resource when the mailing does not exist or cannot be read.
 */
export async function verifyMailing(session: MailingSession, mailingId: number): Promise<{ observed?: ActivatedMailingObserved; refusal?: string }> {
  try {
    const observed = await readMailing(session, mailingId);
    if (!observed) return { refusal: `mailing ${mailingId} does not exist in Altcraft (neither campaigns/get nor campaigns/list finds it); check the id` };
    session.memory.remember(mailingId, observed);
    return { observed };
  } catch (error) {
    const code = isAltcraftApiError(error) ? error.code : undefined;
    const hint =
      code === 401 || code === 403
        ? "the API token cannot read it: check the token's roles and its access to the mailing's group (Settings → Tokens)"
        : "it could not be read";
    return { refusal: `mailing ${mailingId}: ${hint}: ${messageOf(error)}` };
  }
}

/** Prints the reviewer's line for a create (a new resource, a replacement, or `--replace`). */
export function announceCreate(session: MailingSession, news: Record<string, unknown>, observed?: ActivatedMailingObserved): void {
  session.log(describePlan(news, planCreate(news, observed), observed));
}

/** Prints the reviewer's line for an update. */
export function announceUpdate(session: MailingSession, plan: MailingPlan, news: Record<string, unknown>, observed?: Partial<ActivatedMailingObserved>): void {
  session.log(describePlan(news, plan, observed));
}

/** Throws the `onManualPause: fail` refusal when it applies to an update. */
export function refuseIfPauseFails(olds: Record<string, unknown>, news: Record<string, unknown>, flags: { isActive: boolean; isCompleted: boolean }, stackRule: ManualPauseRule, observed?: Partial<ActivatedMailingObserved>): void {
  const rule = pauseRuleFor(news, stackRule);
  // A `triggers` change is an explicit request to resume and launch, whatever the rule.
  if (rule === "fail" && isPaused(flags) && !changedInputs(olds, news).includes("triggers")) throw new Error(pauseFailure(news, observed ?? olds));
}

/**
 * `create`: adopts a mailing that is already active when no run is asked (one read, no write); otherwise activates
 * it, launching a run when `runNow`. Uses the read `check` made in this deployment when there is one.
 */
export async function createActivatedMailing(session: MailingSession, inputs: ActivatedMailingInputs): Promise<ActivatedMailingOutputs> {
  const observed = await currentState(session, inputs.mailingId);
  const plan = planCreate(inputs as unknown as Record<string, unknown>, observed);
  if (plan.action === "adopt") {
    return { ...inputs, ...observed, lastRequestId: "", activatedAt: "", runLaunched: false, pausedOutsidePulumi: false };
  }
  return activate(session, inputs, observed, { launch: plan.launch, generation: "create" });
}

/** `update`: follows {@link planUpdate}; only an `activate` plan writes, and only a changed run input with `runNow` launches. */
export async function updateActivatedMailing(session: MailingSession, olds: ActivatedMailingOutputs, news: ActivatedMailingInputs): Promise<ActivatedMailingOutputs> {
  const recent = session.memory.recent(news.mailingId);
  const flags = recent ?? recordedFlags(olds as unknown as Record<string, unknown>);
  refuseIfPauseFails(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, flags, session.onManualPause, recent);
  const plan = planUpdate(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, flags, pauseRuleFor(news as unknown as Record<string, unknown>, session.onManualPause));
  const base = { ...olds, ...news, ...(recent ?? {}) };
  switch (plan.action) {
    case "record":
    case "adopt":
      return { ...base, pausedOutsidePulumi: false };
    case "keep-paused":
      return { ...base, isActive: false, pausedOutsidePulumi: true };
    case "observe": {
      // Nothing changed: the engine retries a step that failed half-way (initErrors), so read what is true now.
      const observed = recent ?? (await currentState(session, news.mailingId));
      return { ...olds, ...news, ...observed, pausedOutsidePulumi: false };
    }
    case "activate": {
      const observed = recent ?? { ...(olds as ActivatedMailingObserved), ...flags };
      return activate(session, news, observed, { launch: plan.launch, generation: olds.lastRequestId || "adopted" });
    }
  }
}

/** `read` (refresh): one `campaigns/get`; `undefined` when the API confirms the mailing no longer exists. */
export async function readActivatedMailing(
  session: MailingSession,
  id: number,
  olds: Partial<ActivatedMailingOutputs>,
): Promise<{ outputs: Partial<ActivatedMailingOutputs>; inputs: Record<string, unknown> } | undefined> {
  let observed: ActivatedMailingObserved | undefined;
  try {
    observed = await readMailing(session, id);
  } catch (error) {
    throw contextualError(id, "read", error);
  }
  if (!observed) return undefined;
  const outputs = { ...olds, ...observed, pausedOutsidePulumi: isPaused(observed) && olds.pausedOutsidePulumi === true };
  const inputs = { runNow: false, abortIfRunning: false, ...pickInputs(olds as Record<string, unknown>), mailingId: id };
  return { outputs, inputs };
}

/**
 * `delete`: deactivates the mailing with one call, unless a resource declared in this same deployment holds it (a
 * rename, a replacement, an id moved to another entry): switching it off then would leave a declared mailing off.
 * A mailing already inactive, or confirmed gone, counts as deleted.
 */
export async function deleteActivatedMailing(session: MailingSession, olds: ActivatedMailingOutputs): Promise<void> {
  const id = olds.mailingId;
  if (session.memory.isDeclared(id)) {
    session.log(`mailing ${id}: still declared by a resource of this deployment; the old resource leaves the stack and the mailing stays active`);
    return;
  }
  try {
    await session.call(() => session.client.mailings.deactivate({ id, abortIfRunning: olds.abortIfRunning === true }, { requestId: freshRequestId() }));
    session.memory.forget(id);
  } catch (error) {
    if (isAltcraftApiError(error) && (await isConfirmedOffOrGone(session, id))) return;
    throw contextualError(id, "deactivate", error);
  }
}

async function isConfirmedOffOrGone(session: MailingSession, id: number): Promise<boolean> {
  try {
    const observed = await readMailing(session, id);
    return observed === undefined || !observed.isActive;
  } catch {
    return false;
  }
}

/** The mailing's state: the read `check` made in this deployment, else one `campaigns/get` now. */
async function currentState(session: MailingSession, id: number): Promise<ActivatedMailingObserved> {
  const recent = session.memory.recent(id);
  if (recent) return recent;
  let observed: ActivatedMailingObserved | undefined;
  try {
    observed = await readMailing(session, id);
  } catch (error) {
    throw contextualError(id, "read", error);
  }
  if (!observed) throw new Error(`ActivatedMailing ${id}: mailing ${id} does not exist in Altcraft; check the id`);
  return observed;
}

async function activate(
  session: MailingSession,
  inputs: ActivatedMailingInputs,
  before: ActivatedMailingObserved,
  options: { launch: boolean; generation: string },
): Promise<ActivatedMailingOutputs> {
  const id = inputs.mailingId;
  const params = activationParams(inputs, options.launch);
  const declaredBy = inputs.declaredBy ?? `${session.project}/mailing-${id}`;
  // `triggers` is not sent, but it is part of the intent: a new value must never be answered from the de-dup cache.
  const requestId = activationRequestId(session.token, { declaredBy, generation: options.generation, params: { ...params, triggers: inputs.triggers ?? null } });
  let meta = await sendActivation(session, params, requestId);
  // A replay on a retry is, in all likelihood, the answer to this call's own first attempt, whose answer was lost:
  // that attempt ran. A replay on the first attempt answers an earlier step (a destroyed and re-created resource).
  const ownReplay = meta.duplicate && meta.attempts > 1;
  const launched = options.launch && (!meta.duplicate || ownReplay);
  if (meta.duplicate && isPaused(before) && !(ownReplay && (await readMailing(session, id).catch(() => undefined))?.isActive)) {
    // Answered from the cache while the mailing is off: the earlier activation ran, then the mailing was switched
    // off. Switch it on again under a fresh id, never repeating the launch (that run may well have gone out).
    meta = await sendActivation(session, activationParams(inputs, false), freshRequestId());
  }
  if (options.launch && !launched) {
    await session.warn(
      `mailing ${id}: Altcraft answered this activation from its de-duplication cache (Request-ID ${requestId}): ` +
        "an identical launch was already made within its window, so NO run was launched now; change `triggers` to launch a new run",
    );
  }
  session.memory.forget(id);
  return {
    ...inputs,
    name: before.name,
    type: before.type,
    isCompleted: before.isCompleted,
    // The activation succeeded (error 0), so the mailing is on; `refresh` reads the API's own status words.
    isActive: true,
    status: before.isActive ? before.status : "Active",
    lastRequestId: meta.requestId,
    activatedAt: new Date().toISOString(),
    runLaunched: launched,
    pausedOutsidePulumi: false,
  };
}

/**
 * One activation. An answer with an API error means nothing ran; Altcraft replays even failures to a repeated
 * Request-ID for 24 hours, so a refusal is sent once more under a fresh id (a role fixed since then takes effect).
 */
async function sendActivation(session: MailingSession, params: MailingActivateParams, requestId: string) {
  const sensitiveValues = sensitiveValuesOf(params);
  const send = (id: string) => session.call(() => session.client.mailings.activate(params, { requestId: id, sensitiveValues }));
  try {
    return await send(requestId);
  } catch (first) {
    if (!isAltcraftApiError(first)) throw contextualError(params.id, "activate", first);
    try {
      return await send(freshRequestId());
    } catch (second) {
      throw contextualError(params.id, "activate", second);
    }
  }
}

/** The values a server might echo back that may be secret: every `content` value and every string in `attach`. */
function sensitiveValuesOf(params: MailingActivateParams): unknown[] {
  const values: unknown[] = Object.values(params.content ?? {});
  const walk = (value: unknown): void => {
    if (typeof value === "string") values.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(params.attach);
  return values;
}

/** Wraps a client error with the mailing and the action; the client's message already names the endpoint, code and text. */
function contextualError(id: number, action: string, error: unknown): Error {
  const code = isAltcraftApiError(error) ? error.code : undefined;
  // `refresh` and `destroy` configure the provider from the config stored at the last `up`
  // (pkg/resource/deploy/providers/registry.go), so a token rotated since then is not the one used here.
  const rotation =
    (code === 401 || code === 403) && (action === "read" || action === "deactivate")
      ? ". If the token was rotated: `pulumi refresh` and `pulumi destroy` use the token stored at the last `pulumi up`; " +
        "run `pulumi up` first, or add `--run-program` to use the current stack config"
      : "";
  return Object.assign(new Error(`ActivatedMailing ${id}: ${action} failed: ${messageOf(error)}${rotation}`), { cause: error });
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error || (typeof error === "object" && error !== null && "message" in error)
    ? String((error as { message: unknown }).message)
    : String(error);
}


