/**
 * Stack scale: N mailings created, updated and deleted, every registration of a phase issued at once as the engine
 * issues independent resources, with the emulator adding latency to each API call. Each phase is one deployment
 * with a fresh host, so a peak RSS belongs to that size alone (the largest of its three hosts). API calls are
 * counted at the server, and the ideal wall time comes from the calls made: ⌈calls ÷ concurrency⌉ × latency.
 */
import { tally } from "./api-calls";
import { measureCallFloor } from "./call-floor";
import { processCpuMs } from "./proc-status";
import { defaultParallelism } from "../tests/harness/semaphore";
import { msSince } from "./clock";
import { startEmulatorChild, type EmulatorChild } from "./emulator-child";
import { programHints } from "./program-hints";
import type { Props } from "../tests/harness/providerHost";
import { inDeployment, providerText, type HostSettings } from "./host";
import { floorProviderText } from "./host-floor";
import { timeRpcs, type TimedHost } from "./rpc-times";
import type { BenchSettings } from "./settings";
import { StackState, type Deployment } from "./stack-state";
import { ratio, round } from "./stats";
import { BENCH_TOKEN } from "./token";
import type { HostFloorRun, StackPhaseResult, StackScaleResult, StackScaleRun } from "./types";

const FIRST_ID = 1_000;
/**
 * A `--parallel` four times `altcraft:maxConcurrency`: with no more steps in flight than the provider has call
 * slots, each slot idles while its step's result travels back to the engine and the next step's request comes in.
 */
const WIDE_PARALLEL = 32;
const FAILURE_SAMPLES = 3;

/** The RPC that does a phase's real work: the first one sent starts the clock of the API call that follows it. */
const PHASE_RPC = { create: "create", update: "update", delete: "delete" } as const;

/** The best wall time a phase can reach: every slot of the concurrency bound busy, one latency per call. */
export function idealPhaseMs(calls: number, maxConcurrency: number, latencyMs: number): number {
  return Math.ceil(calls / maxConcurrency) * latencyMs;
}

/** Runs every configured size. */
export async function measureStackScale(settings: BenchSettings["stackScale"], progress: (line: string) => void): Promise<StackScaleResult> {
  const runs: StackScaleRun[] = [];
  const hostSettings: HostSettings = { maxConcurrency: settings.maxConcurrency, verifyOnPreview: true };
  for (const size of settings.sizes) {
    progress(`  ${size} mailings`);
    runs.push(await runSize(size, settings.latencyMs, hostSettings, settings.goalSize));
  }
  const ours = await providerText();
  progress(`  ${settings.goalSize} mailings with --parallel ${WIDE_PARALLEL}`);
  const wideSettings = { ...hostSettings, parallel: WIDE_PARALLEL };
  const wide = { ...(await runSize(settings.goalSize, settings.latencyMs, wideSettings, -1, ours)), parallel: WIDE_PARALLEL };
  const hostFloor: HostFloorRun[] = [];
  for (const transport of ["http", "axios"] as const) {
    progress(`  ${settings.goalSize} mailings through the floor provider over ${transport} (the same calls, no provider work)`);
    const floor = await floorProviderText(transport);
    hostFloor.push({ ...(await runSize(settings.goalSize, settings.latencyMs, hostSettings, -1, floor)), parallel: defaultParallelism(), transport });
    hostFloor.push({ ...(await runSize(settings.goalSize, settings.latencyMs, wideSettings, -1, floor)), parallel: WIDE_PARALLEL, transport });
  }
  return { latencyMs: settings.latencyMs, maxConcurrency: settings.maxConcurrency, verifyOnPreview: true, runs, parallel: defaultParallelism(), wide, hostFloor };
}

async function runSize(size: number, latencyMs: number, hostSettings: HostSettings, goalSize: number, text?: string): Promise<StackScaleRun> {
  const mailings = Array.from({ length: size }, (_, i) => ({ id: FIRST_ID + i }));
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings, latencyMs });
  try {
    const stack = new StackState(text ?? (await providerText()));
    const names = mailings.map((m) => `mailing-${m.id}`);
    const peaks: (number | null)[] = [];
    // Each phase is a deployment of its own (`pulumi up`, `pulumi up` with a change, `pulumi destroy`), with its own
    // provider process; the timer starts once that process is configured, when the engine issues registrations.
    const hints = programHints(mailings.map((m) => m.id));
    const phase = async (name: StackPhaseResult["phase"], step: (d: Deployment, name: string, id: number, hint: Props) => Promise<unknown>) => {
      let timed: TimedHost | undefined;
      const run = await inDeployment(
        stack,
        emulator.url,
        hostSettings,
        (d) => runPhase(emulator, timed as TimedHost, name, size, hostSettings.maxConcurrency, latencyMs, () => names.map((n, i) => step(d, n, FIRST_ID + i, hints[i] ?? {}))),
        (host) => (timed = timeRpcs(host)).host,
      );
      peaks.push(run.peakRssBytes);
      return run.result;
    };
    const phases = [
      await phase("create", (d, name, mailingId, hint) => d.up(name, { mailingId, ...hint })),
      await phase("update", (d, name, mailingId, hint) => d.up(name, { mailingId, content: { wave: "2" }, ...hint })),
      await phase("delete", (d, name) => d.destroy(name)),
    ];
    const known = peaks.filter((p): p is number => p !== null);
    const ids = mailings.map((m) => m.id);
    const floors = size === goalSize ? [await measureCallFloor(emulator.url, ids, 2 * size, hostSettings.maxConcurrency), await measureCallFloor(emulator.url, ids, size, hostSettings.maxConcurrency)] : undefined;
    return { mailings: size, phases, hostPeakRssBytes: known.length > 0 ? Math.max(...known) : null, ...(floors && { floors }) };
  } finally {
    await emulator.close();
  }
}

async function runPhase(
  emulator: EmulatorChild,
  timed: TimedHost,
  phase: StackPhaseResult["phase"],
  resources: number,
  maxConcurrency: number,
  latencyMs: number,
  start: () => Promise<unknown>[],
): Promise<StackPhaseResult> {
  const from = await emulator.wireLength();
  timed.reset();
  const cpuBefore = { host: processCpuMs(timed.host.pid), emulator: processCpuMs(emulator.pid), driver: process.cpuUsage() };
  const startedAt = Date.now();
  const began = process.hrtime.bigint();
  const outcomes = await Promise.allSettled(start());
  const wallMs = round(msSince(began), 1);
  const driverCpu = process.cpuUsage(cpuBefore.driver);
  const cpuMs = {
    host: spent(cpuBefore.host, processCpuMs(timed.host.pid)),
    emulator: spent(cpuBefore.emulator, processCpuMs(emulator.pid)),
    driver: Math.round((driverCpu.user + driverCpu.system) / 1000),
  };
  const records = await emulator.wire(from);
  const counted = tally(records);
  const idealMs = idealPhaseMs(counted.calls, maxConcurrency, latencyMs);
  const firstRpcAt = timed.first(PHASE_RPC[phase]);
  const nextCall = firstRpcAt === undefined ? undefined : records.find((r) => r.at >= firstRpcAt);
  const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason instanceof Error ? o.reason.message : String(o.reason)] : []));
  return {
    phase,
    calls: counted.calls,
    reads: counted.reads,
    writes: counted.writes,
    wallMs,
    msPerMailing: round(wallMs / resources, 3),
    firstCallAfterMs: (records[0]?.at ?? startedAt) - startedAt,
    firstCallAfterFirstRpcMs: firstRpcAt === undefined || nextCall === undefined ? null : nextCall.at - firstRpcAt,
    idealMs,
    ratioToIdeal: ratio(wallMs, idealMs, 2),
    failures: failures.length,
    failureSamples: failures.slice(0, FAILURE_SAMPLES).map((m) => m.split(BENCH_TOKEN).join("[REDACTED]")),
    cpuMs,
  };
}

function spent(before: number | undefined, after: number | undefined): number | null {
  return before === undefined || after === undefined ? null : Math.round(after - before);
}
