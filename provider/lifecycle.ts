/**
 * The dynamic provider's methods, behind the frozen interfaces of `runtime.ts`: sessions per configured provider
 * object, settings checked once at `configure`, and each method mapped onto the operations.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { AltcraftClient, type RetryEvent } from "../sdk";
import { checkActivatedMailingInputs, type InputFailure } from "./check";
import { ConnectionSettingError, hasNoAltcraftKeys, readConnectionConfig, resolveConnection, type ConnectionConfig } from "./connection";
import { DECLARED_MAILINGS_HINT, hintedMailingIds } from "./declared-hint";
import { DeploymentMemory, type VerifiedRead } from "./deployment-memory";
import { diffActivatedMailing, recordedFlags } from "./diff";
import { warn } from "./engine-log";
import { watchEngine } from "./engine-watch";
import type { ActivatedMailingInputs, ActivatedMailingOutputs } from "./inputs";
import { CallLimiter } from "./limiter";
import {
  announceCreate,
  announceUpdate,
  createActivatedMailing,
  deleteActivatedMailing,
  readActivatedMailing,
  refuseIfPauseFails,
  updateActivatedMailing,
  verifyMailing,
  type MailingSession,
} from "./operations";
import { PROGRAM_CONFIG_HINT, findTokenInInputs, stripHints } from "./hints";

/** The settings each provider object was configured with, kept here so they are never serialized with the provider. */
const configured = new WeakMap<object, ConnectionConfig & { unknown?: string[] }>();

/** One memory per provider process: one process serves one deployment. */
const memory = new DeploymentMemory();

/** One session per distinct connection, shared by every call in this provider process. */
const sessions = new Map<string, MailingSession>();

/** The session of each resolved settings object, so a call with unchanged settings skips the digest. */
const sessionsByResolved = new WeakMap<object, MailingSession>();

/** `configure`: remembers the stack's `altcraft:*` settings for this provider object; they are checked on first use. */
export function configure(provider: object, config: { get(key: string): string | undefined }): void {
  watchEngine();
  configured.set(provider, readConnectionConfig(config));
}

/**
 * The session of a configured provider. Every setting is checked here and all bad ones reported in one message,
 * before any API call (the SDK host caches a provider before its `configure` finishes, so `configure` itself must
 * not throw).
 */
export function sessionFor(provider: object | undefined): MailingSession {
  const config = (provider && configured.get(provider)) ?? {};
  const resolved = resolveConnection(config);
  // resolveConnection returns the same frozen object while the settings stay the same: no digest per call.
  const known = sessionsByResolved.get(resolved);
  if (known) return known;
  // A digest, not the settings themselves, keys the cache: the token must not sit in a readable map key.
  const key = createHash("sha256").update(JSON.stringify(resolved)).digest("hex");
  const cached = sessions.get(key);
  if (cached) {
    sessionsByResolved.set(resolved, cached);
    return cached;
  }
  {
    const limiter = new CallLimiter(resolved.maxConcurrency);
    const log = (line: string) => console.log(`altcraft: ${line}`);
    const client = new AltcraftClient({
      ...resolved.client,
      onRetry: (event: RetryEvent) => {
        // The retried call itself waits out Retry-After in the SDK; calls not started yet are paced from now on.
        if (isRateLimitRetry(event)) limiter.rateLimited(event.delayMs);
        log(`retrying ${event.endpoint} (attempt ${event.attempt + 1}, ${event.reason}) in ${event.delayMs} ms, Request-ID ${event.requestId}`);
      },
    });
    const session: MailingSession = {
      client,
      call: (task) => limiter.run(task),
      log,
      warn,
      token: resolved.client.token ?? "",
      project: process.env.PULUMI_NODEJS_PROJECT ?? "project",
      verifyOnPreview: resolved.verifyOnPreview,
      onManualPause: resolved.onManualPause,
      memory,
    };
    sessions.set(key, session);
    sessionsByResolved.set(resolved, session);
    return session;
  }
}

/**
 * True when the API asked us to slow down (HTTP 429): from then on, calls that have not started yet are paced at the
 * rate the API accepts (provider/pacer.ts). Decided on the status, not the message.
 */
export function isRateLimitRetry(event: RetryEvent): boolean {
  return event.httpStatus === 429;
}

/**
 * `check`: validation and defaults; with a configured provider also the token-in-inputs refusal, the program's
 * config hint, and (with `altcraft:verifyOnPreview`) one read of the mailing, and the reviewer's line for a create.
 */
export async function check(provider: object | undefined, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const hint = news[PROGRAM_CONFIG_HINT];
  const outcome = checkActivatedMailingInputs(stripHints(news), olds);
  if (!provider) return outcome;
  const config = configured.get(provider) ?? {};
  if (Array.isArray(hint) && hint.length > 0 && hasNoAltcraftKeys(config)) {
    throw new ConnectionSettingError(
      `the stack config sets ${hint.join(", ")}, but none reached the provider: the Pulumi CLI passes stack config to dynamic ` +
        "providers only from version 3.139; upgrade the Pulumi CLI (pulumi version) to 3.139 or newer",
    );
  }
  const session = sessionFor(provider);
  const failures: InputFailure[] = [...outcome.failures, ...findTokenInInputs(outcome.inputs, session.token)];
  if (failures.length > 0) return { inputs: outcome.inputs, failures };
  const inputs = outcome.inputs;
  const mailingId = inputs.mailingId;
  // Before the id check: a carrier whose own id is not known yet (an Output in a preview) still serves the others.
  if (session.verifyOnPreview) readAhead(session, news[DECLARED_MAILINGS_HINT]);
  if (typeof mailingId !== "number") return { inputs, failures };
  const holder = typeof inputs.declaredBy === "string" ? inputs.declaredBy : `${session.project}/mailing-${mailingId}`;
  memory.declare(mailingId, holder);
  const replacing = Object.keys(olds).length > 0 && olds.mailingId !== mailingId;
  if (session.verifyOnPreview && Object.keys(olds).length > 0 && !replacing) {
    // An existing resource keeps its mailing: start the read and let its Diff wait for it, so the engine's serial
    // Checks do not wait one round trip each (a refusal then fails the Diff, which fails the preview the same way).
    memory.prefetch(mailingId, readFor(session, mailingId));
    return { inputs, failures };
  }
  let observed;
  // A replacement is checked twice in one deployment (with old inputs, then without): the mailing is read once.
  // Any other Check reads afresh, so no read is ever carried from one deployment into another.
  const recent = Object.keys(olds).length === 0 && memory.takeRecheck(mailingId, holder) ? memory.recent(mailingId) : undefined;
  if (recent) observed = recent;
  else if (session.verifyOnPreview) {
    const verified = await readFor(session, mailingId);
    if (verified.refusal) return { inputs, failures: [{ property: "mailingId", reason: verified.refusal }] };
    observed = verified.observed;
  }
  if (replacing) memory.expectRecheck(mailingId, holder);
  // A new resource (also a replacement's re-check and `--replace`, both with no old inputs): its create is planned here.
  if (Object.keys(olds).length === 0) announceCreate(session, inputs, observed);
  return { inputs, failures };
}

/** Starts the reads of the Checks to come that the program's read-ahead hint names. */
function readAhead(session: MailingSession, hint: unknown): void {
  for (const id of hintedMailingIds(hint)) memory.readAhead(id, () => verifyMailing(session, id));
}

/** The read for this Check: the one started ahead for it, or a new one. */
function readFor(session: MailingSession, mailingId: number): Promise<VerifiedRead> {
  return memory.takeReadAhead(mailingId) ?? verifyMailing(session, mailingId);
}

/** `diff`: replace on a new mailing id; update on a changed input, a stale record, or a pause to undo; the reviewer's line. */
export async function diff(provider: object | undefined, _id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
  const session = provider ? sessionFor(provider) : undefined;
  await awaitPrefetch(news.mailingId);
  const recent = typeof news.mailingId === "number" ? memory.recent(news.mailingId) : undefined;
  const flags = recent ?? recordedFlags(olds);
  const outcome = diffActivatedMailing(olds, news, flags, session?.onManualPause ?? "keep");
  // The engine also calls Diff after each Read of a refresh, to show drift (step.go, RefreshStep.Apply); that Diff
  // follows no Check. Only a Diff that follows this deployment's Check of the mailing plans an update.
  const planning = typeof news.mailingId === "number" && memory.isDeclared(news.mailingId);
  if (session && outcome.plan && planning) {
    refuseIfPauseFails(olds, news, flags, session.onManualPause, recent);
    announceUpdate(session, outcome.plan, news, recent ?? olds);
  }
  return { changes: outcome.changes, replaces: outcome.replaces, deleteBeforeReplace: false };
}

/** `create`. */
export async function create(provider: object, inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  const typed = stripHints(inputs) as unknown as ActivatedMailingInputs;
  const outs = await createActivatedMailing(sessionFor(provider), typed);
  return { id: String(typed.mailingId), outs };
}

/** `read` (refresh). A blank id tells Pulumi the mailing is gone. */
export async function read(provider: object, id: string, props: Record<string, unknown> | undefined): Promise<pulumi.dynamic.ReadResult> {
  const found = await readActivatedMailing(sessionFor(provider), Number(id), (props ?? {}) as Partial<ActivatedMailingOutputs>);
  if (!found) return {};
  return { id, props: found.outputs, inputs: found.inputs };
}

/** Waits for the read `check` started for this mailing, if any; its refusal fails the step. */
async function awaitPrefetch(mailingId: unknown): Promise<void> {
  if (typeof mailingId !== "number") return;
  const verified = await memory.takePrefetch(mailingId);
  if (verified?.refusal) throw new Error(verified.refusal);
}

/** `update`. */
export async function update(provider: object, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
  await awaitPrefetch(news.mailingId);
  const outs = await updateActivatedMailing(sessionFor(provider), olds as unknown as ActivatedMailingOutputs, stripHints(news) as unknown as ActivatedMailingInputs);
  return { outs };
}

/** `delete`. */
export async function remove(provider: object, props: Record<string, unknown>): Promise<void> {
  await deleteActivatedMailing(sessionFor(provider), props as unknown as ActivatedMailingOutputs);
}
