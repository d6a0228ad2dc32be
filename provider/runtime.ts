/**
 * The provider's implementation, loaded by the serialized provider inside Pulumi's provider process by package
 * name (`pulumi-altcraft/dist/provider/runtime`). Living here rather than in the serialized closure keeps
 * `__provider` small, keeps the token out of it, and lets `destroy`/`refresh` run the installed code instead of
 * the code captured when the resource was last updated.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { AltcraftClient, isAltcraftError, type RetryEvent } from "../sdk";
import { checkActivatedMailingInputs } from "./check";
import { diffActivatedMailing } from "./diff";
import type { ConnectionConfig, ResolvedConnection } from "./connection";
import { CONFIG_KEYS, ConnectionSettingError, readConnectionConfig, resolveConnection } from "./connection";
import type { ActivatedMailingInputs, ActivatedMailingOutputs } from "./inputs";
import { CallLimiter } from "./limiter";
import type { MailingSession } from "./operations";
import {
  createActivatedMailing,
  deleteActivatedMailing,
  readActivatedMailing,
  updateActivatedMailing,
} from "./operations";

/** The connection each provider object was configured with, kept here so it is never serialized with the provider. */
const connections = new WeakMap<object, ConnectionConfig>();

/** Provider `configure`: remembers the stack's `altcraft:*` settings for this provider object. */
export function configure(provider: object, config: { get(key: string): string | undefined }): void {
  connections.set(provider, readConnectionConfig(config));
}

/** One client and one limiter per distinct connection, shared by every call in this provider process. */
const sessions = new Map<string, MailingSession>();

/** The session for a connection: stack config first, then ALTCRAFT_BASE_URL / ALTCRAFT_TOKEN read now. */
export function sessionFor(config: ConnectionConfig | undefined): MailingSession {
  const resolved = resolveConnection(config ?? {});
  // A digest, not the settings themselves, keys the cache: the token must not sit in a readable map key.
  const key = createHash("sha256").update(JSON.stringify(resolved)).digest("hex");
  let session = sessions.get(key);
  if (!session) {
    const limiter = new CallLimiter(resolved.maxConcurrency);
    const log = (line: string) => console.log(`altcraft: ${line}`);
    const client = clientFor(resolved.client, (event) => {
      if (isRateLimitRetry(event)) limiter.pauseFor(event.delayMs);
      log(`retrying ${event.endpoint} (attempt ${event.attempt + 1}, ${event.reason}) in ${event.delayMs} ms, Request-ID ${event.requestId}`);
    });
    session = { client, call: (task) => limiter.run(task), log };
    sessions.set(key, session);
  }
  return session;
}

/** Builds the client; a refused setting is reported under its stack config key, which is what the user sets. */
function clientFor(options: ResolvedConnection["client"], onRetry: (event: RetryEvent) => void): AltcraftClient {
  try {
    return new AltcraftClient({ ...options, onRetry });
  } catch (error) {
    if (!isAltcraftError(error) || error.kind !== "config") throw error;
    // The client names its own options (`maxRetries`); the user sets stack config (`altcraft:maxRetries`).
    const names = Object.keys(CONFIG_KEYS).join("|");
    throw new ConnectionSettingError(error.message.replace(new RegExp(`(?<!altcraft:)\\b(${names})\\b`, "g"), "altcraft:$1"));
  }
}

/**
 * True when the API asked us to slow down (HTTP 429): then calls that have not started yet wait out the same
 * Retry-After, so a large stack does not spend every resource's retry budget on the rate limit. Decided on the
 * status, not the message: a gateway page or a connection error naming port 4290 must not pause the provider.
 */
export function isRateLimitRetry(event: RetryEvent): boolean {
  return event.httpStatus === 429;
}

/** Provider `check`: validation and defaults, no API call. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  return checkActivatedMailingInputs(news);
}

/** Provider `diff`: replace on a new mailing id, update on any other change or on drift. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
  const { changes, replaces } = diffActivatedMailing(olds, news);
  return { changes, replaces, deleteBeforeReplace: false };
}

/** Provider `create`. */
export async function create(provider: object, inputs: ActivatedMailingInputs): Promise<pulumi.dynamic.CreateResult> {
  const outs = await createActivatedMailing(sessionFor(connections.get(provider)), inputs);
  return { id: String(inputs.mailingId), outs };
}

/** Provider `read` (refresh). A blank id tells Pulumi the mailing is gone. */
export async function read(provider: object, id: string, props: Partial<ActivatedMailingOutputs> | undefined): Promise<pulumi.dynamic.ReadResult> {
  const mailingId = Number(id);
  const found = await readActivatedMailing(sessionFor(connections.get(provider)), mailingId, props ?? {});
  if (!found) return {};
  return { id, props: found.outputs, inputs: found.inputs };
}

/** Provider `update`. */
export async function update(provider: object, olds: ActivatedMailingOutputs, news: ActivatedMailingInputs): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await updateActivatedMailing(sessionFor(connections.get(provider)), olds, news) };
}

/** Provider `delete`. */
export async function remove(provider: object, props: ActivatedMailingOutputs): Promise<void> {
  await deleteActivatedMailing(sessionFor(connections.get(provider)), props);
}
