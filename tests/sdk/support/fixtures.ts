/** Shared test values: the documented example token and a client factory wired to a fake clock. */

import { AltcraftClient, type AltcraftClientOptions } from "../../../sdk";
import { recordingSleep, type RecordingSleep } from "./clock";

/** The token of the docs' canonical activate example. */
export const DOC_TOKEN = "abcdefghijklmnqrstuvwxyz";

/** A client for `baseUrl` with the doc token, a recording clock, mid-range jitter and short timeouts. */
export function testClient(baseUrl: string, overrides: AltcraftClientOptions = {}): { client: AltcraftClient; clock: RecordingSleep } {
  const clock = recordingSleep();
  const client = new AltcraftClient({ baseUrl, token: DOC_TOKEN, sleep: clock.sleep, random: () => 0.5, timeoutMs: 2_000, ...overrides });
  return { client, clock };
}

/** Awaits `promise`, expecting it to reject; returns the rejection. Fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to reject, but it resolved");
}
