/** The goals of issues 13 and 12, judged against one run's results, in the order the issues list them. */
import { formatBytes, formatMs } from "./units";
import type { BenchResults, GoalRow, HostFloorRun, OperationCalls, StackPhaseResult } from "./types";

/** Wall ÷ ideal for create, update and delete at the goal size. */
export const SCALE_RATIO_GOAL = 1.25;
/** From the first registration of the create phase to the first API call, in ms. */
export const FIRST_CALL_GOAL_MS = 200;
/** Share of the rate limit used between the first and the last call. */
export const RATE_LIMIT_EFFICIENCY_GOAL = 0.97;
/** Host peak RSS at the goal size. */
export const PEAK_RSS_GOAL_BYTES = 150 * 1024 * 1024;
/** Spawn → first answered Check, median. */
export const COLD_START_GOAL_MS = 300;
/** Client ÷ raw `http.request` at a 20 ms round trip, p50. */
export const CLIENT_RATIO_GOAL = 1.02;
/** Entries the loader must validate within {@link LOADER_GOAL_MS}. */
export const LOADER_ENTRIES = 100_000;
/** The loader's time limit for {@link LOADER_ENTRIES} entries. */
export const LOADER_GOAL_MS = 5_000;

/** A scenario's call budget: at most `calls`, exactly `writes` writes (`writeEndpoint` when one). */
interface CallBudget {
  label: string;
  goal: string;
  judge(row: OperationCalls): boolean;
}

const CALL_BUDGETS: Record<OperationCalls["scenario"], CallBudget> = {
  create: { label: "create of an inactive mailing", goal: "≤ 2, one of them the activation", judge: (r) => r.maxCalls <= 2 && r.maxWrites === 1 && only(r, "campaigns/activate") },
  adopt: { label: "adoption of an active mailing, no run asked", goal: "≤ 1, no write", judge: (r) => r.maxCalls <= 1 && r.maxWrites === 0 },
  updateRun: { label: "update with a new run", goal: "≤ 2", judge: (r) => r.maxCalls <= 2 && r.maxWrites === 1 && only(r, "campaigns/activate") },
  refresh: { label: "refresh", goal: "≤ 1, no write", judge: (r) => r.maxCalls <= 1 && r.maxWrites === 0 },
  delete: { label: "delete", goal: "1 (the deactivation)", judge: (r) => r.maxCalls === 1 && r.maxWrites === 1 && only(r, "campaigns/deactivate") },
  previewCreate: { label: "preview of a new mailing", goal: "0 writes, ≤ 1 read", judge: (r) => r.maxWrites === 0 && r.maxReads <= 1 },
  previewUpdate: { label: "preview of a change", goal: "0 writes, ≤ 1 read", judge: (r) => r.maxWrites === 0 && r.maxReads <= 1 },
};

function only(row: OperationCalls, endpoint: string): boolean {
  return row.writeEndpoints.length === 1 && row.writeEndpoints[0] === endpoint;
}

/** Every goal row. */
export function evaluateGoals(results: Omit<BenchResults, "goals">): GoalRow[] {
  return [
    ...callRows(results.callCounts),
    ...scaleRows(results),
    rateLimitRow(results),
    memoryRow(results),
    coldStartRow(results),
    ...previewRows(results),
    ...clientRows(results),
    ...growthRows(results),
    loaderRow(results),
  ];
}

function callRows(rows: OperationCalls[]): GoalRow[] {
  return rows.map((row) => {
    const budget = CALL_BUDGETS[row.scenario];
    const problems = row.problems.length > 0 ? `; ${row.problems.join("; ")}` : "";
    return {
      id: `calls.${row.scenario}`,
      metric: `API calls per resource: ${budget.label}`,
      goal: budget.goal,
      measured: `${row.maxCalls} (${row.maxReads} read, ${row.maxWrites} write: ${row.endpoints})${problems}`,
      pass: row.problems.length === 0 && budget.judge(row),
    };
  });
}

function goalRun(results: Omit<BenchResults, "goals">) {
  return results.stackScale.runs.find((r) => r.mailings === results.goalSize);
}

function scaleRows(results: Omit<BenchResults, "goals">): GoalRow[] {
  const run = goalRun(results);
  const { latencyMs, maxConcurrency } = results.stackScale;
  const rows: GoalRow[] = (["create", "update", "delete"] as const).map((name) => {
    const p = run?.phases.find((x) => x.phase === name);
    const bare = floorRun(results, "http")?.phases.find((x) => x.phase === name);
    const viaAxios = floorRun(results, "axios")?.phases.find((x) => x.phase === name);
    const floorNote = bare && viaAxios ? `; a provider making only the same calls: ${bare.ratioToIdeal.toFixed(2)}, through axios ${viaAxios.ratioToIdeal.toFixed(2)}` : "";
    return {
      id: `scale.${name}.ratio`,
      metric: `${results.goalSize} mailings, ${name}: wall ÷ ideal (${latencyMs} ms per call, maxConcurrency ${maxConcurrency})`,
      goal: `≤ ${SCALE_RATIO_GOAL.toFixed(2)}`,
      measured: p ? `${p.ratioToIdeal.toFixed(2)} (${formatMs(p.wallMs)} ÷ ${formatMs(p.idealMs)} for ${p.calls} calls${floorNote})${failed(p)}` : "not measured",
      pass: p ? p.ratioToIdeal <= SCALE_RATIO_GOAL && p.failures === 0 : false,
    };
  });
  const create = run?.phases.find((x) => x.phase === "create");
  rows.push({
    id: "scale.create.firstCall",
    metric: `${results.goalSize} mailings: first API call after the first Create is issued`,
    goal: `≤ ${FIRST_CALL_GOAL_MS} ms`,
    measured: create
      ? `${formatMs(create.firstCallAfterMs)} (from the first Create RPC to the next call: ${create.firstCallAfterFirstRpcMs === null ? "none" : formatMs(create.firstCallAfterFirstRpcMs)})`
      : "not measured",
    pass: create ? create.firstCallAfterMs <= FIRST_CALL_GOAL_MS : false,
  });
  return rows;
}

function failed(p: StackPhaseResult): string {
  return p.failures > 0 ? `; **${p.failures} failed**` : "";
}

function rateLimitRow(results: Omit<BenchResults, "goals">): GoalRow {
  const limit = results.rateLimit;
  return {
    id: "rateLimit",
    metric: `Under a ${limit.requestsPerSecond} calls/s limit (429 past it): share of the limit used between first and last call`,
    goal: `≥ ${Math.round(RATE_LIMIT_EFFICIENCY_GOAL * 100)}%, 0 failures`,
    measured:
      `${pct(limit.apiWindowEfficiency)} (${limit.mailings} mailings, ${limit.successfulCalls} calls, ${limit.rejected429} × 429; ` +
      `${pct(limit.efficiency)} over the whole wall time); ${limit.failures} failures`,
    pass: limit.apiWindowEfficiency >= RATE_LIMIT_EFFICIENCY_GOAL && limit.failures === 0,
  };
}

function memoryRow(results: Omit<BenchResults, "goals">): GoalRow {
  const peak = results.memory.hostPeakRssBytes;
  return {
    id: "memory.peakRss",
    metric: `Host peak RSS at ${results.memory.mailings} mailings (VmHWM)`,
    goal: `≤ ${formatBytes(PEAK_RSS_GOAL_BYTES)}`,
    measured: peak === null ? "unavailable (no /proc)" : formatBytes(peak) + floorPeaks(results),
    pass: peak === null ? null : peak <= PEAK_RSS_GOAL_BYTES,
  };
}

/** The floor provider's run of the goal size at the engine's default `--parallel`, the one the goals are judged at. */
function floorRun(results: Omit<BenchResults, "goals">, transport: HostFloorRun["transport"]): HostFloorRun | undefined {
  return results.stackScale.hostFloor?.find((f) => f.parallel === results.stackScale.parallel && f.transport === transport);
}

/** The floor provider's host peaks at the default `--parallel`, bare and through axios, to set beside this package's. */
function floorPeaks(results: Omit<BenchResults, "goals">): string {
  const bare = floorRun(results, "http")?.hostPeakRssBytes ?? null;
  const viaAxios = floorRun(results, "axios")?.hostPeakRssBytes ?? null;
  return bare === null || viaAxios === null ? "" : `; a provider making only the same calls: ${formatBytes(bare)}, through axios ${formatBytes(viaAxios)}`;
}

function coldStartRow(results: Omit<BenchResults, "goals">): GoalRow {
  const cold = results.coldStart;
  return {
    id: "coldStart",
    metric: "Host cold start → first answered Check, median",
    goal: `≤ ${COLD_START_GOAL_MS} ms`,
    measured:
      `${formatMs(cold.totalMs.p50)} over ${cold.samples} (ready ${formatMs(cold.spawnToReadyMsP50)}, Configure ${formatMs(cold.configureMsP50)}, first Check ${formatMs(cold.firstCheckMsP50)})` +
      (cold.floor ? `; the same host with a provider that loads nothing: ${formatMs(cold.floor.totalMs.p50)} (first Check ${formatMs(cold.floor.firstCheckMsP50)})` : ""),
    pass: cold.totalMs.p50 <= COLD_START_GOAL_MS,
  };
}

function previewRows(results: Omit<BenchResults, "goals">): GoalRow[] {
  const p = results.preview;
  return [true, false].map((verify) => {
    const cases = p.cases.filter((c) => c.verifyOnPreview === verify);
    const parts = cases.map((c) => `${c.kind === "new" ? "new (Check)" : "changed (Check → Diff)"} ${formatMs(c.wallMs)}, ${c.reads} reads, ${c.writes} writes${c.failures > 0 ? `, ${c.failures} failed` : ""}`);
    return {
      id: `preview.verify${verify ? "On" : "Off"}`,
      metric: `Preview of ${p.mailings} mailings through the host, verifyOnPreview ${verify} (${p.latencyMs} ms per call)`,
      goal: "report",
      measured: parts.join("; ") || "not measured",
      pass: null,
    };
  });
}

function clientRows(results: Omit<BenchResults, "goals">): GoalRow[] {
  const c = results.clientVsRaw;
  const rows: GoalRow[] = c.atLatency.map((l) => ({
    id: `client.${l.format}.latency`,
    metric: `Client ÷ raw http.request at a ${l.latencyMs} ms round trip, p50 (${l.format.toUpperCase()} getStatus)`,
    goal: `≤ ${CLIENT_RATIO_GOAL.toFixed(2)}`,
    measured: `${l.ratioP50.toFixed(3)} (${formatMs(l.clientMs.p50)} vs ${formatMs(l.rawMs.p50)}; mean ${l.ratioMean.toFixed(3)}; axios alone ${l.axiosRatioP50.toFixed(3)})`,
    pass: l.ratioP50 <= CLIENT_RATIO_GOAL,
  }));
  for (const k of c.cases) {
    rows.push({
      id: `client.${k.format}.${k.endpoint}.loopback`,
      metric: `Client ÷ raw on loopback, p50 (${k.format.toUpperCase()} ${k.endpoint}): the overhead split`,
      goal: "report",
      measured:
        `${k.ratioP50.toFixed(2)} (${us(k.clientMs.p50)} vs ${us(k.rawMs.p50)}): +${Math.round(k.overheadUsP50)} µs = axios ${Math.round(k.axiosUsP50)} µs + ours ${Math.round(k.clientOwnUsP50)} µs; ` +
        `CPU per call ${Math.round(k.cpuUsPerCall.client)} µs vs ${Math.round(k.cpuUsPerCall.raw)} µs (axios alone ${Math.round(k.cpuUsPerCall.axios)} µs)`,
      pass: null,
    });
  }
  return rows;
}

function growthRows(results: Omit<BenchResults, "goals">): GoalRow[] {
  const runs = results.stackScale.runs;
  return (["create", "update", "delete"] as const).map((name) => {
    const parts = runs.map((r) => {
      const p = r.phases.find((x) => x.phase === name);
      return p ? `${r.mailings}: ${formatMs(p.wallMs)} (${formatMs(p.msPerMailing)}/mailing)` : `${r.mailings}: n/a`;
    });
    return {
      id: `growth.${name}`,
      metric: `Wall time growth, ${name}: ${runs.map((r) => r.mailings.toLocaleString("en-US")).join(" → ")} mailings`,
      goal: "report (flat per mailing)",
      measured: parts.join("; "),
      pass: null,
    };
  });
}

function loaderRow(results: Omit<BenchResults, "goals">): GoalRow {
  const l = results.loader;
  const full = l.entries >= LOADER_ENTRIES;
  return {
    id: "loader",
    metric: `Mailings-file loader: ${l.entries.toLocaleString("en-US")} entries (${formatBytes(l.fileBytes)}) read and validated`,
    goal: `< ${formatMs(LOADER_GOAL_MS)} for ${LOADER_ENTRIES.toLocaleString("en-US")}`,
    measured: l.ms !== null ? `${formatMs(l.ms)}, ${l.loadedEntries} entries` : `failed: ${l.error ?? "unknown"}`,
    pass: l.ms !== null && l.loadedEntries === l.entries && (!full || l.ms < LOADER_GOAL_MS),
  };
}

function us(ms: number): string {
  return `${Math.round(ms * 1000)} µs`;
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
