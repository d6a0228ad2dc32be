/**
 * The floor under a phase's wall time: the same number of calls made straight at the same emulator, in
 * `maxConcurrency` loops, first with bare `http.request` and then with this package's client, no provider and no
 * host. Their ratio to the ideal is what the emulator's 20 ms timer, its own handling and the machine take before any
 * provider code runs, so a phase's ratio can be read against it.
 */
import { AltcraftClient } from "../sdk";
import { clientRequest } from "./client-request";
import { msSince } from "./clock";
import { RawPoster } from "./raw-post";
import { round } from "./stats";
import { BENCH_TOKEN } from "./token";

/** Wall times of `calls` reads made in `concurrency` loops, raw and through the client. */
export interface CallFloor {
  calls: number;
  concurrency: number;
  rawMs: number;
  clientMs: number;
}

/** Measures the floor for `calls` reads of `mailingIds` (cycled) against the emulator at `baseUrl`. */
export async function measureCallFloor(baseUrl: string, mailingIds: readonly number[], calls: number, concurrency: number): Promise<CallFloor> {
  const raw = new RawPoster(baseUrl);
  const client = new AltcraftClient({ baseUrl, token: BENCH_TOKEN });
  const idAt = (index: number) => mailingIds[index % mailingIds.length] ?? 1;
  const rawMs = await inLoops(calls, concurrency, (index) => raw.post(clientRequest("get", { id: idAt(index) }, "json", BENCH_TOKEN)));
  const clientMs = await inLoops(calls, concurrency, (index) => client.mailings.get({ id: idAt(index) }));
  raw.close();
  return { calls, concurrency, rawMs, clientMs };
}

async function inLoops(calls: number, concurrency: number, call: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const began = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) await call(next++);
    }),
  );
  return round(msSince(began), 1);
}
