/** The issue's goals, checked against one run's results. Metrics without a goal get a row with `pass: null`. */
import { formatBytes, formatMs } from "./units";
import type { BenchResults, GoalRow } from "./types";

/** Client / raw at p50. */
export const CLIENT_RATIO_GOAL = 1.1;
/** Host overhead per provider operation at p50, in ms. */
export const PROVIDER_OVERHEAD_GOAL_MS = 3;
/** Share of the rate limit's allowance actually used. */
export const RATE_LIMIT_EFFICIENCY_GOAL = 0.9;
/** `__provider` plus outputs per resource, in bytes. */
export const STATE_BYTES_GOAL = 16 * 1024;

/** Every goal row, in the order the README lists the metrics. */
export function evaluateGoals(results: Omit<BenchResults, "goals">): GoalRow[] {
  const rows: GoalRow[] = [];
  for (const c of results.clientVsRaw.cases) {
    rows.push({
      metric: `Client / raw http.request, p50 (${c.format.toUpperCase()} ${c.endpoint})`,
      goal: `≤ ${CLIENT_RATIO_GOAL.toFixed(2)}`,
      measured: `${c.ratioP50.toFixed(2)} (${us(c.clientMs.p50)} vs ${us(c.rawMs.p50)}; p95 ${c.ratioP95.toFixed(2)})`,
      pass: c.ratioP50 <= CLIENT_RATIO_GOAL,
    });
  }
  for (const op of results.providerOverhead) {
    rows.push({
      metric: `Provider overhead per operation, p50 (${op.operation})`,
      goal: `≤ ${PROVIDER_OVERHEAD_GOAL_MS} ms`,
      measured: `${formatMs(op.overheadMsP50)} (host ${formatMs(op.hostMs.p50)} vs direct ${formatMs(op.directMs.p50)}; p95 overhead ${formatMs(op.overheadMsP95)})`,
      pass: op.overheadMsP50 <= PROVIDER_OVERHEAD_GOAL_MS,
    });
  }
  const scale = results.stackScale;
  for (const run of scale.runs) {
    const parts = run.phases.map((p) => `${p.phase} ${formatMs(p.wallMs)} / ${formatMs(p.idealMs)} (${p.ratioToIdeal.toFixed(2)}×)`);
    const failures = run.phases.reduce((sum, p) => sum + p.failures, 0);
    rows.push({
      metric: `Stack of ${run.mailings}: wall / ideal at ${scale.latencyMs} ms latency, maxConcurrency ${scale.maxConcurrency}`,
      goal: "report",
      measured: `${parts.join("; ")}${failures > 0 ? `; ${failures} failed` : ""}`,
      pass: null,
    });
  }
  const limit = results.rateLimit;
  rows.push({
    metric: `Throughput under a ${limit.requestsPerSecond}/s rate limit (429 past it)`,
    goal: `≥ ${Math.round(RATE_LIMIT_EFFICIENCY_GOAL * 100)}% of the rate, 0 failures`,
    measured:
      `${pct(limit.efficiency)} of ${limit.requestsPerSecond}/s past the burst, ${pct(limit.apiWindowEfficiency)} between first and last API call ` +
      `(${limit.mailings} mailings, ${limit.successfulCalls} calls in ${formatMs(limit.wallMs)}; ${limit.rejected429} × 429); ${limit.failures} failures`,
    pass: limit.efficiency >= RATE_LIMIT_EFFICIENCY_GOAL && limit.failures === 0,
  });
  for (const r of results.state.resources) {
    rows.push({
      metric: `State per resource: __provider + outputs (${r.label})`,
      goal: `≤ ${formatBytes(STATE_BYTES_GOAL)}`,
      measured: `${formatBytes(r.providerPlusOutputsBytes)} (__provider ${formatBytes(results.state.providerBytes)} + outputs ${formatBytes(r.outputsBytes)}; whole state entry ${formatBytes(r.stateEntryBytes)})`,
      pass: r.providerPlusOutputsBytes <= STATE_BYTES_GOAL,
    });
  }
  rows.push({
    metric: `Host peak RSS at ${results.memory.mailings} mailings (VmHWM)`,
    goal: "report",
    measured: results.memory.hostPeakRssBytes === null ? "unavailable (no /proc)" : formatBytes(results.memory.hostPeakRssBytes),
    pass: null,
  });
  const cold = results.coldStart;
  rows.push({
    metric: "Host cold start → first answered Check, median",
    goal: "report",
    measured: `${formatMs(cold.totalMs.p50)} over ${cold.samples} (ready ${formatMs(cold.spawnToReadyMsP50)}, Configure ${formatMs(cold.configureMsP50)}, first Check ${formatMs(cold.firstCheckMsP50)})`,
    pass: null,
  });
  return rows;
}

function us(ms: number): string {
  return `${Math.round(ms * 1000)} µs`;
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
