/** Renders one run's results as markdown: the machine, the goals table, then the details behind each row. */
import { formatBytes, formatMs } from "./units";
import type { BenchResults, GoalRow } from "./types";

/** The command that reproduces the numbers. */
export const REPRODUCE = "npm run bench";

/** The whole report. */
export function renderMarkdown(results: BenchResults): string {
  return [
    machineLine(results),
    "",
    goalsTable(results.goals),
    "",
    ...details(results),
    "",
    `Reproduce: \`node scripts/prepare.js && ${REPRODUCE}\` (about ${Math.ceil(results.durationSeconds / 60)} min; \`BENCH_QUICK=1\` for a smoke run). ` +
      "Results: `bench/results/latest.json` and `latest.md`.",
    ...(results.notes.length > 0 ? ["", ...results.notes.map((n) => `> ${n}`)] : []),
    "",
  ].join("\n");
}

/** One line naming the machine and the run. */
export function machineLine(results: BenchResults): string {
  const m = results.machine;
  return (
    `Measured ${results.generatedAt.slice(0, 10)} (${results.mode} run, ${results.durationSeconds.toFixed(0)} s) on ${m.cpus} × ${m.cpuModel}, ` +
    `${formatBytes(m.memoryBytes)} RAM, Node ${m.node}, ${m.os}; load average ${m.loadAverageAtStart} at start, ${m.loadAverageAtEnd} at end.`
  );
}

/** Goal, measured, pass/fail. */
export function goalsTable(rows: GoalRow[]): string {
  const lines = ["| Metric | Goal | Measured | Result |", "|---|---|---|---|"];
  for (const row of rows) lines.push(`| ${row.metric} | ${row.goal} | ${row.measured} | ${verdict(row.pass)} |`);
  return lines.join("\n");
}

function verdict(pass: boolean | null): string {
  return pass === null ? "—" : pass ? "pass" : "**fail**";
}

function details(results: BenchResults): string[] {
  const c = results.clientVsRaw;
  const lines: string[] = [];
  lines.push(
    "<details><summary>Details</summary>",
    "",
    `Client vs raw \`http.request\` (both over a keep-alive agent, same body and headers, ${c.cases[0]?.calls ?? 0} calls each after ${c.cases[0]?.warmup ?? 0} warm-up, interleaved):`,
    "",
    "| Case | client p50 / p95 | axios alone p50 | raw p50 / p95 | ratio p50 / p95 | overhead p50: axios + client's own |",
    "|---|---|---|---|---|---|",
  );
  for (const k of c.cases) {
    lines.push(
      `| ${k.format.toUpperCase()} ${k.endpoint} | ${us(k.clientMs.p50)} / ${us(k.clientMs.p95)} | ${us(k.axiosMs.p50)} | ${us(k.rawMs.p50)} / ${us(k.rawMs.p95)} | ` +
        `${k.ratioP50.toFixed(2)} / ${k.ratioP95.toFixed(2)} | ${k.overheadUsP50} µs = ${k.axiosUsP50} + ${k.clientOwnUsP50} |`,
    );
  }
  lines.push(
    "",
    `With ${c.atLatency.latencyMs} ms emulator latency (JSON getStatus, ${c.atLatency.calls} calls): client ${formatMs(c.atLatency.clientMs.p50)} vs raw ${formatMs(c.atLatency.rawMs.p50)}, ratio ${c.atLatency.ratioP50.toFixed(3)}.`,
    "",
    "The client's own CPU per call, no I/O (µs):",
    "",
    "| Case | validate | encode | decode (envelope + schema) |",
    "|---|---|---|---|",
    ...c.stages.map((s) => `| ${s.format.toUpperCase()} ${s.endpoint} | ${s.validateUs} | ${s.encodeUs} | ${s.decodeUs} |`),
    "",
    "Provider operations through the host (one gRPC call) vs the same client calls made directly:",
    "",
    "| Operation | API calls | host p50 / p95 | direct p50 / p95 | overhead p50 / p95 |",
    "|---|---|---|---|---|",
    ...results.providerOverhead.map(
      (o) =>
        `| ${o.operation} | ${o.apiCalls} | ${formatMs(o.hostMs.p50)} / ${formatMs(o.hostMs.p95)} | ${formatMs(o.directMs.p50)} / ${formatMs(o.directMs.p95)} | ` +
        `${formatMs(o.overheadMsP50)} / ${formatMs(o.overheadMsP95)} |`,
    ),
    "",
    `Stack scale (${results.stackScale.latencyMs} ms per API call, altcraft:maxConcurrency ${results.stackScale.maxConcurrency}; ideal = ⌈calls ÷ concurrency⌉ × latency, at least one resource's chain of calls):`,
    "",
    "| Mailings | Phase | API calls (expected) | first call after | wall | ideal | wall ÷ ideal | failures | host peak RSS |",
    "|---|---|---|---|---|---|---|---|---|",
  );
  for (const run of results.stackScale.runs) {
    for (const p of run.phases) {
      const rss = p.phase === "delete" && run.hostPeakRssBytes !== null ? formatBytes(run.hostPeakRssBytes) : "";
      lines.push(
        `| ${run.mailings} | ${p.phase} | ${p.apiCallsMade} (${p.apiCallsExpected}) | ${formatMs(p.firstCallAfterMs)} | ${formatMs(p.wallMs)} | ${formatMs(p.idealMs)} | ${p.ratioToIdeal.toFixed(2)} | ${p.failures} | ${rss} |`,
      );
    }
  }
  const r = results.rateLimit;
  const share = (e: number | null): string => (e === null ? "limit not reached" : `${(e * 100).toFixed(1)}%`);
  lines.push(
    "",
    `Rate limit: ${r.mailings} mailings created, then updated, then deleted (each phase at once, starting with a full bucket) against an emulator allowing ` +
      `${r.requestsPerSecond} calls/s (burst ${r.burst}) at ${r.latencyMs} ms latency, altcraft:maxConcurrency ${r.maxConcurrency}. ` +
      "Efficiency = (calls − burst) ÷ (rate × seconds): 100% means the limit was kept busy the whole time. " +
      "The API-window column counts only from the first API request to the last, leaving out the host's start-up work:",
    "",
    "| Phase | first call after | wall | calls succeeded | calls/s | efficiency | API-window efficiency | 429 answers | failures |",
    "|---|---|---|---|---|---|---|---|---|",
    ...r.phases.map(
      (p) =>
        `| ${p.phase} | ${formatMs(p.firstCallAfterMs)} | ${formatMs(p.wallMs)} | ${p.successfulCalls} | ${(p.successfulCalls / (p.wallMs / 1000)).toFixed(1)} | ` +
        `${share(p.efficiency)} | ${share(p.apiWindowEfficiency)} | ${p.rejected429} | ${p.failures} |`,
    ),
    `| all | | ${formatMs(r.wallMs)} | ${r.successfulCalls} | ${r.achievedPerSecond} | ${share(r.efficiency)} | ${share(r.apiWindowEfficiency)} | ${r.rejected429} | ${r.failures} |`,
    ...(r.failureSamples.length > 0 ? ["", `First failures: ${r.failureSamples.map((s) => `\`${s.replace(/`/g, "'")}\``).join("; ")}`] : []),
    "",
    "</details>",
  );
  return lines;
}

function us(ms: number): string {
  return `${Math.round(ms * 1000)} µs`;
}
