/** How much work each part of the bench does: the full run, or the quick smoke run (`BENCH_QUICK=1`). */

/** Counts and rates for one bench run. */
export interface BenchSettings {
  mode: "full" | "quick";
  clientVsRaw: { warmup: number; calls: number; stageIterations: number; latencyCalls: number };
  providerOverhead: { warmup: number; iterations: number };
  stackScale: { sizes: number[]; latencyMs: number; maxConcurrency: number };
  rateLimit: { requestsPerSecond: number; mailings: number; latencyMs: number };
  coldStartSamples: number;
}

/** The full run: keeps the whole bench within about two minutes on 2 cores. */
export const FULL_SETTINGS: BenchSettings = {
  mode: "full",
  clientVsRaw: { warmup: 300, calls: 1_500, stageIterations: 20_000, latencyCalls: 100 },
  providerOverhead: { warmup: 50, iterations: 300 },
  stackScale: { sizes: [10, 100, 500], latencyMs: 20, maxConcurrency: 8 },
  // The largest stack again; 100 calls/s is a quarter of what 8 connections at 20 ms can send, so the limit binds.
  rateLimit: { requestsPerSecond: 100, mailings: 500, latencyMs: 20 },
  coldStartSamples: 5,
};

/** The smoke run: every metric, tiny counts, a few seconds. Its numbers mean nothing. */
export const QUICK_SETTINGS: BenchSettings = {
  mode: "quick",
  clientVsRaw: { warmup: 5, calls: 20, stageIterations: 200, latencyCalls: 3 },
  providerOverhead: { warmup: 1, iterations: 3 },
  stackScale: { sizes: [3, 10], latencyMs: 20, maxConcurrency: 8 },
  rateLimit: { requestsPerSecond: 20, mailings: 10, latencyMs: 20 },
  coldStartSamples: 1,
};

/** The settings `BENCH_QUICK` selects. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const quick = env.BENCH_QUICK !== undefined && env.BENCH_QUICK !== "" && env.BENCH_QUICK !== "0";
  return quick ? QUICK_SETTINGS : FULL_SETTINGS;
}
