/**
 * Throughput under a rate limit: N mailings created, then updated, then deleted through one host (each phase issued
 * at once, like one `pulumi up`) against an emulator that answers HTTP 429 with Retry-After past a rate. Each phase
 * starts with a full token bucket (one second's worth of calls, after a pause as between deployments), so the best
 * a client can do is spend that burst and then exactly the rate: efficiency = (calls − burst) ÷ (rate × seconds).
 * A phase with no more calls than the burst never meets the limit and is left out of the total.
 */
import { programHints } from "./program-hints";
import type { Props } from "../tests/harness/providerHost";
import { setTimeout as sleep } from "node:timers/promises";
import { msSince } from "./clock";
import { startEmulatorChild } from "./emulator-child";
import { tally } from "./api-calls";
import { inDeployment, providerText } from "./host";
import { BENCH_TOKEN } from "./token";
import type { BenchSettings } from "./settings";
import { StackState, type Deployment } from "./stack-state";
import { ratio, round } from "./stats";
import type { RateLimitPhase, RateLimitResult } from "./types";

const FIRST_ID = 20_000;
const FAILURE_SAMPLES = 3;
/** A little over one second: the emulator's bucket holds one second's worth of calls. */
const BUCKET_REFILL_MS = 1_100;

/** Runs the three phases and compares the calls that got through with what the limit allowed. */
export async function measureRateLimit(settings: BenchSettings["rateLimit"], maxConcurrency: number): Promise<RateLimitResult> {
  const mailings = Array.from({ length: settings.mailings }, (_, i) => ({ id: FIRST_ID + i }));
  const rate = settings.requestsPerSecond;
  const burst = Math.max(1, rate);
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings, latencyMs: settings.latencyMs, rateLimit: { requestsPerSecond: rate } });
  try {
    const stack = new StackState(await providerText());
    const names = mailings.map((m) => `limited-${m.id}`);
    const failures: string[] = [];
    const hostSettings = { maxConcurrency, verifyOnPreview: true };
    // Each phase is a deployment with its own provider process; a pause before it refills the bucket.
    const hints = programHints(mailings.map((m) => m.id));
    const runPhase = async (phase: RateLimitPhase["phase"], step: (d: Deployment, name: string, id: number, hint: Props) => Promise<unknown>): Promise<RateLimitPhase> => {
      await sleep(BUCKET_REFILL_MS);
      const run = await inDeployment(stack, emulator.url, hostSettings, async (d) => {
        await emulator.clearRecords();
        const startedAt = Date.now();
        const began = process.hrtime.bigint();
        const outcomes = await Promise.allSettled(names.map((n, i) => step(d, n, FIRST_ID + i, hints[i] ?? {})));
        return { outcomes, startedAt, wallMs: msSince(began) };
      });
      const { outcomes, startedAt, wallMs } = run.result;
      const records = await emulator.wire(0);
      const counted = tally(records);
      for (const o of outcomes) if (o.status === "rejected") failures.push(messageOf(o.reason));
      const successfulCalls = counted.calls;
      const firstAt = records[0]?.at ?? startedAt;
      const apiWindowMs = (records[records.length - 1]?.at ?? firstAt) - firstAt;
      const limited = successfulCalls > burst;
      return {
        phase,
        wallMs: round(wallMs, 1),
        firstCallAfterMs: firstAt - startedAt,
        apiWindowMs,
        successfulCalls,
        rejected429: counted.rejected429,
        efficiency: limited ? efficiency(successfulCalls, wallMs, rate, burst) : null,
        apiWindowEfficiency: limited && apiWindowMs > 0 ? efficiency(successfulCalls, apiWindowMs, rate, burst) : null,
        failures: outcomes.filter((o) => o.status === "rejected").length,
      };
    };
    const phases = [
      await runPhase("create", (d, name, mailingId, hint) => d.up(name, { mailingId, ...hint })),
      await runPhase("update", (d, name, mailingId, hint) => d.up(name, { mailingId, content: { wave: "2" }, ...hint })),
      await runPhase("delete", (d, name) => d.destroy(name)),
    ];
    return summarizeRateLimit(settings, maxConcurrency, burst, phases, failures);
  } finally {
    await emulator.close();
  }
}

/** The calls past the burst per second, as a share of the rate: 1.0 when the limiter was never left idle. */
export function efficiency(calls: number, wallMs: number, rate: number, burst: number): number {
  return ratio(calls - burst, (rate * wallMs) / 1000);
}

function summarizeRateLimit(
  settings: BenchSettings["rateLimit"],
  maxConcurrency: number,
  burst: number,
  phases: RateLimitPhase[],
  failures: string[],
): RateLimitResult {
  const sum = (list: RateLimitPhase[], pick: (p: RateLimitPhase) => number): number => list.reduce((total, p) => total + pick(p), 0);
  const limited = phases.filter((p) => p.efficiency !== null);
  const limitedCalls = sum(limited, (p) => p.successfulCalls);
  const limitedMs = sum(limited, (p) => p.wallMs);
  const limitedWindowMs = sum(limited, (p) => p.apiWindowMs);
  const pastBursts = limitedCalls - burst * limited.length;
  const wallMs = sum(phases, (p) => p.wallMs);
  const successfulCalls = sum(phases, (p) => p.successfulCalls);
  return {
    requestsPerSecond: settings.requestsPerSecond,
    burst,
    latencyMs: settings.latencyMs,
    maxConcurrency,
    mailings: settings.mailings,
    successfulCalls,
    rejected429: sum(phases, (p) => p.rejected429),
    wallMs: round(wallMs, 1),
    achievedPerSecond: round(successfulCalls / (wallMs / 1000), 1),
    efficiency: limited.length > 0 ? ratio(pastBursts, (settings.requestsPerSecond * limitedMs) / 1000) : 1,
    apiWindowEfficiency: limited.length > 0 && limitedWindowMs > 0 ? ratio(pastBursts, (settings.requestsPerSecond * limitedWindowMs) / 1000) : 1,
    failures: failures.length,
    failureSamples: failures.slice(0, FAILURE_SAMPLES).map((m) => m.split(BENCH_TOKEN).join("[REDACTED]")),
    phases,
  };
}

function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
