/**
 * Stack scale: N mailings created, updated and deleted through one host, every registration issued at once as the
 * engine issues independent resources, with the emulator adding latency to each API call. Each size gets a fresh
 * host, so its peak RSS belongs to that size alone.
 */
import { TestEngine } from "../tests/harness/engine";
import type { ProviderHost } from "../tests/harness/providerHost";
import { msSince } from "./clock";
import { startEmulatorChild, type EmulatorChild } from "./emulator-child";
import { providerText, startConfiguredHost } from "./host";
import { BENCH_TOKEN } from "./token";
import { readProcessMemory } from "./proc-status";
import type { BenchSettings } from "./settings";
import { ratio, round } from "./stats";
import type { StackPhaseResult, StackScaleResult, StackScaleRun } from "./types";

const FIRST_ID = 1_000;

/** What one phase asks of the API: calls per resource, and the longest chain of calls one resource waits on. */
const PHASE_SHAPE: Record<StackPhaseResult["phase"], { callsPerResource: number; chainLength: number }> = {
  create: { callsPerResource: 3, chainLength: 2 }, // activate, then getStatus ‖ get
  update: { callsPerResource: 3, chainLength: 2 }, // the same, with new content
  delete: { callsPerResource: 1, chainLength: 1 }, // deactivate
};

/**
 * The best wall time a phase can reach: every slot of the concurrency bound busy, one latency per call, and never
 * shorter than one resource's own chain of calls.
 */
export function idealPhaseMs(phase: StackPhaseResult["phase"], resources: number, maxConcurrency: number, latencyMs: number): number {
  const { callsPerResource, chainLength } = PHASE_SHAPE[phase];
  return Math.max(Math.ceil((resources * callsPerResource) / maxConcurrency), chainLength) * latencyMs;
}

/** Runs every configured size. */
export async function measureStackScale(settings: BenchSettings["stackScale"]): Promise<StackScaleResult> {
  const runs: StackScaleRun[] = [];
  for (const size of settings.sizes) runs.push(await runSize(size, settings.latencyMs, settings.maxConcurrency));
  return { latencyMs: settings.latencyMs, maxConcurrency: settings.maxConcurrency, runs };
}

async function runSize(size: number, latencyMs: number, maxConcurrency: number): Promise<StackScaleRun> {
  const mailings = Array.from({ length: size }, (_, i) => ({ id: FIRST_ID + i }));
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings, latencyMs });
  let host: ProviderHost | undefined;
  try {
    host = await startConfiguredHost(emulator.url, maxConcurrency);
    const engine = new TestEngine(host, await providerText());
    const names = mailings.map((m) => `mailing-${m.id}`);
    const phase = (name: StackPhaseResult["phase"], step: (name: string, id: number) => Promise<unknown>) =>
      runPhase(emulator, name, size, maxConcurrency, latencyMs, () => names.map((n, i) => step(n, FIRST_ID + i)));
    const phases = [
      await phase("create", (name, mailingId) => engine.up(name, { mailingId })),
      await phase("update", (name, mailingId) => engine.up(name, { mailingId, content: { wave: "2" } })),
      await phase("delete", (name) => engine.destroy(name)),
    ];
    return { mailings: size, phases, hostPeakRssBytes: readProcessMemory(host.pid)?.peakRssBytes ?? null };
  } finally {
    await host?.stop();
    await emulator.close();
  }
}

async function runPhase(
  emulator: EmulatorChild,
  phase: StackPhaseResult["phase"],
  resources: number,
  maxConcurrency: number,
  latencyMs: number,
  start: () => Promise<unknown>[],
): Promise<StackPhaseResult> {
  const requestsBefore = (await emulator.counts()).requests;
  const startedAt = Date.now();
  const began = process.hrtime.bigint();
  const outcomes = await Promise.allSettled(start());
  const wallMs = round(msSince(began), 1);
  const times = await emulator.requestTimes(requestsBefore);
  const idealMs = idealPhaseMs(phase, resources, maxConcurrency, latencyMs);
  return {
    phase,
    apiCallsExpected: resources * PHASE_SHAPE[phase].callsPerResource,
    apiCallsMade: times.length,
    wallMs,
    firstCallAfterMs: (times[0] ?? startedAt) - startedAt,
    idealMs,
    ratioToIdeal: ratio(wallMs, idealMs, 2),
    failures: outcomes.filter((o) => o.status === "rejected").length,
  };
}
