/** How much work each part of the bench does: the full run, or the quick smoke run (`BENCH_QUICK=1`). */

/** Counts and rates for one bench run. */
export interface BenchSettings {
  mode: "full" | "quick";
  /** Resources per call-count scenario; the worst one is the figure. */
  callCountResources: number;
  clientVsRaw: { warmup: number; calls: number; stageIterations: number; latencyCalls: number };
  providerOverhead: { warmup: number; iterations: number };
  /** The size the goals are judged at must be one of `sizes`. */
  stackScale: { sizes: number[]; goalSize: number; latencyMs: number; maxConcurrency: number };
  preview: { mailings: number; latencyMs: number; maxConcurrency: number };
  rateLimit: { requestsPerSecond: number; mailings: number; latencyMs: number };
  loader: { entries: number; timeoutMs: number };
  coldStartSamples: number;
  /** The host profile: cold-start CPU profile and module list, and memory after this many creates. */
  profile: { mailings: number };
}

/** The full run: about three minutes on 2 cores. */
export const FULL_SETTINGS: BenchSettings = {
  mode: "full",
  callCountResources: 3,
  clientVsRaw: { warmup: 300, calls: 1_500, stageIterations: 20_000, latencyCalls: 400 },
  providerOverhead: { warmup: 30, iterations: 200 },
  stackScale: { sizes: [10, 100, 500, 2_000], goalSize: 500, latencyMs: 20, maxConcurrency: 8 },
  preview: { mailings: 500, latencyMs: 20, maxConcurrency: 8 },
  // 100 calls/s is an eighth of what 8 connections at 20 ms can send, so the limit binds.
  rateLimit: { requestsPerSecond: 100, mailings: 500, latencyMs: 20 },
  loader: { entries: 100_000, timeoutMs: 60_000 },
  coldStartSamples: 5,
  profile: { mailings: 500 },
};

/** The smoke run: every metric, tiny counts, a few seconds. Its numbers mean nothing. */
export const QUICK_SETTINGS: BenchSettings = {
  mode: "quick",
  callCountResources: 1,
  clientVsRaw: { warmup: 5, calls: 20, stageIterations: 200, latencyCalls: 3 },
  providerOverhead: { warmup: 1, iterations: 3 },
  stackScale: { sizes: [5], goalSize: 5, latencyMs: 20, maxConcurrency: 8 },
  preview: { mailings: 5, latencyMs: 20, maxConcurrency: 8 },
  rateLimit: { requestsPerSecond: 20, mailings: 10, latencyMs: 20 },
  loader: { entries: 200, timeoutMs: 30_000 },
  coldStartSamples: 1,
  profile: { mailings: 10 },
};

/** The settings `BENCH_QUICK` selects. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const quick = env.BENCH_QUICK !== undefined && env.BENCH_QUICK !== "" && env.BENCH_QUICK !== "0";
  return quick ? QUICK_SETTINGS : FULL_SETTINGS;
}
