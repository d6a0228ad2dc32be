/** Renders one run's results as markdown: the machine, the goals table, then the details behind each row. */
import { formatBytes, formatMs } from "./units";
import type { BenchResults, GoalRow, HostMemorySnapshot, StackPhaseResult } from "./types";

/** The command that reproduces the numbers. */
export const REPRODUCE = "npm run bench";

/** The whole report. */
export function renderMarkdown(results: BenchResults): string {
  const passed = results.goals.filter((g) => g.pass === true).length;
  const judged = results.goals.filter((g) => g.pass !== null).length;
  return [
    machineLine(results),
    "",
    `${passed} of ${judged} goals met; rows marked "report" give figures the issues ask to see.`,
    "",
    goalsTable(results.goals),
    "",
    ...callDetails(results),
    ...scaleDetails(results),
    ...previewDetails(results),
    ...rateLimitDetails(results),
    ...clientDetails(results),
    ...profileDetails(results),
    ...otherDetails(results),
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
  const lines = ["| Goal | Target | Measured | Result |", "|---|---|---|---|"];
  for (const row of rows) lines.push(`| ${cell(row.metric)} | ${cell(row.goal)} | ${cell(row.measured)} | ${verdict(row.pass)} |`);
  return lines.join("\n");
}

/** Table cells hold one line and no column separator. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function verdict(pass: boolean | null): string {
  return pass === null ? "report" : pass ? "pass" : "**fail**";
}

function section(title: string, intro: string, body: string[]): string[] {
  return [`### ${title}`, "", intro, "", ...body, ""];
}

function callDetails(r: BenchResults): string[] {
  return section(
    "API calls per resource",
    "Counted at the emulator's socket (every request, by endpoint; `campaigns/activate` and `campaigns/deactivate` are writes) over every RPC the engine " +
      "makes for one resource in one command, with `altcraft:verifyOnPreview` true: `up` = Check → Create, or Check → Diff → Update; `refresh` = Read; " +
      `\`destroy\` = Delete; \`preview\` = Check (→ Diff). ${r.callCounts[0]?.resources ?? 0} resource(s) per scenario, one at a time; the worst one is shown.`,
    [
      "| Scenario | calls | reads | writes | endpoints (per resource) | problems |",
      "|---|---|---|---|---|---|",
      ...r.callCounts.map((c) => `| ${c.description} | ${c.maxCalls} | ${c.maxReads} | ${c.maxWrites} | ${c.endpoints} | ${cell(c.problems.join("; ")) || "none"} |`),
    ],
  );
}

function scaleDetails(r: BenchResults): string[] {
  const s = r.stackScale;
  const rows: string[] = [
    "| Mailings | Phase | calls (reads + writes) | first call after | first Create/Update/Delete RPC → next call | wall | per mailing | ideal | wall ÷ ideal | failures | CPU: host / emulator / bench | host peak RSS |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const cpu = (p: StackPhaseResult): string =>
    p.cpuMs ? [p.cpuMs.host, p.cpuMs.emulator, p.cpuMs.driver].map((ms) => (ms === null ? "?" : formatMs(ms))).join(" / ") : "";
  for (const run of [...s.runs, ...(s.wide ? [s.wide] : [])]) {
    const label = "parallel" in run ? `${run.mailings} (--parallel ${String(run.parallel)})` : String(run.mailings);
    for (const p of run.phases) {
      const rss = p.phase === "delete" && run.hostPeakRssBytes !== null ? formatBytes(run.hostPeakRssBytes) : "";
      const next = p.firstCallAfterFirstRpcMs === null ? "none" : formatMs(p.firstCallAfterFirstRpcMs);
      rows.push(
        `| ${label} | ${p.phase} | ${p.calls} (${p.reads} + ${p.writes}) | ${formatMs(p.firstCallAfterMs)} | ${next} | ${formatMs(p.wallMs)} | ${formatMs(p.msPerMailing)} | ` +
          `${formatMs(p.idealMs)} | ${p.ratioToIdeal.toFixed(2)} | ${p.failures} | ${cpu(p)} | ${rss} |`,
      );
    }
  }
  const samples = s.runs.flatMap((run) => run.phases.flatMap((p) => p.failureSamples.map((m) => `${run.mailings} ${p.phase}: \`${m.replace(/`/g, "'")}\``)));
  const floors = s.runs.flatMap((run) =>
    (run.floors ?? []).map((f) => {
      const ideal = Math.ceil(f.calls / f.concurrency) * s.latencyMs;
      return `| ${f.calls} | ${formatMs(f.rawMs)} (${(f.rawMs / ideal).toFixed(2)}) | ${formatMs(f.clientMs)} (${(f.clientMs / ideal).toFixed(2)}) | ${formatMs(ideal)} |`;
    }),
  );
  const ourRuns = [...s.runs.filter((run) => run.mailings === r.goalSize), ...(s.wide ? [s.wide] : [])];
  const hostFloor = (s.hostFloor ?? []).flatMap((floor) =>
    floor.phases.map((p) => {
      const ours = ourRuns.find((run) => ("parallel" in run ? run.parallel : s.parallel) === floor.parallel)?.phases.find((x) => x.phase === p.phase);
      const above = ours ? ours.ratioToIdeal - p.ratioToIdeal : 0;
      const gap = ours ? `${ours.ratioToIdeal.toFixed(2)} (${above < 0 ? "−" : "+"}${Math.abs(above).toFixed(2)})` : "?";
      const rss = p.phase === "delete" && floor.hostPeakRssBytes !== null ? formatBytes(floor.hostPeakRssBytes) : "";
      return `| ${floor.transport === "axios" ? "axios" : "bare http.request"} | ${floor.parallel} | ${p.phase} | ${p.calls} (${p.reads} + ${p.writes}) | ${formatMs(p.wallMs)} | ${p.ratioToIdeal.toFixed(2)} | ${gap} | ${p.failures} | ${cpu(p)} | ${rss} |`;
    }),
  );
  return section(
    "Stack scale",
    `Every registration of a phase issued at once through one fresh host per size, Check calls one at a time and at most ${s.parallel} steps at once ` +
      `(the engine's default \`--parallel\` here, 4 × CPUs; the goal size also with \`--parallel ${s.wide?.parallel ?? "?"}\`), ${s.latencyMs} ms per API call, altcraft:maxConcurrency ${s.maxConcurrency}, ` +
      `verifyOnPreview ${s.verifyOnPreview}, resources carrying the program's read-ahead hint. Ideal = ⌈calls ÷ concurrency⌉ × latency with the calls ` +
      "counted at the server. CPU: what the provider host, the emulator and the bench itself (playing the engine, which is a Go process in real use) " +
      "used during the phase, all on the same cores.",
    [
      ...rows,
      ...(samples.length > 0 ? ["", `First failures: ${samples.slice(0, 3).join("; ")}`] : []),
      ...(floors.length > 0
        ? [
            "",
            `The floor: the same number of reads sent straight at the same emulator in ${s.maxConcurrency} loops, no host, no provider (wall, and ÷ ideal):`,
            "",
            "| calls | raw http.request | this package's client | ideal |",
            "|---|---|---|---|",
            ...floors,
          ]
        : []),
      ...(hostFloor.length > 0
        ? [
            "",
            `The host floor: the goal size again through bench/floor-provider.js, a provider that makes the same API calls (create and update: ` +
              "campaigns/activate + campaigns/get; delete: campaigns/deactivate) and does nothing else (no validation, no retries, no read in Check, " +
              "no reviewer line), through the same Pulumi host, engine steps and emulator. Over a bare `http.request` it is the floor no provider " +
              "can go below; over axios, set up as the SDK's transport sets it up, it weighs axios alone. Beside each, this package at the same " +
              "`--parallel`, and how far above that run it is:",
            "",
            "| calls through | --parallel | Phase | calls (reads + writes) | wall | floor ÷ ideal | this package ÷ ideal | failures | CPU: host / emulator / bench | host peak RSS |",
            "|---|---|---|---|---|---|---|---|---|---|",
            ...hostFloor,
          ]
        : []),
    ],
  );
}

function previewDetails(r: BenchResults): string[] {
  const p = r.preview;
  return section(
    "Preview",
    `${p.mailings} mailings previewed through a fresh host per setting, every registration at once, ${p.latencyMs} ms per API call, altcraft:maxConcurrency ${p.maxConcurrency}.`,
    [
      "| verifyOnPreview | preview of | wall | per mailing | reads | writes | failures |",
      "|---|---|---|---|---|---|---|",
      ...p.cases.map(
        (c) =>
          `| ${c.verifyOnPreview} | ${c.kind === "new" ? "new mailings (Check)" : "changed mailings (Check → Diff)"} | ${formatMs(c.wallMs)} | ${formatMs(c.msPerMailing)} | ${c.reads} | ${c.writes} | ${c.failures} |`,
      ),
    ],
  );
}

function rateLimitDetails(r: BenchResults): string[] {
  const l = r.rateLimit;
  const share = (e: number | null): string => (e === null ? "limit not reached" : `${(e * 100).toFixed(1)}%`);
  return section(
    "Rate limit",
    `${l.mailings} mailings created, then updated, then deleted (each phase at once, after a pause that refills the bucket) against an emulator allowing ` +
      `${l.requestsPerSecond} calls/s (burst ${l.burst}) at ${l.latencyMs} ms latency, altcraft:maxConcurrency ${l.maxConcurrency}. ` +
      "Share of the limit = (calls − burst) ÷ (rate × seconds), over the API window (first to last request) and over the whole wall time:",
    [
      "| Phase | first call after | wall | API window | calls | 429 answers | share (API window) | share (wall) | failures |",
      "|---|---|---|---|---|---|---|---|---|",
      ...l.phases.map(
        (p) =>
          `| ${p.phase} | ${formatMs(p.firstCallAfterMs)} | ${formatMs(p.wallMs)} | ${formatMs(p.apiWindowMs)} | ${p.successfulCalls} | ${p.rejected429} | ` +
          `${share(p.apiWindowEfficiency)} | ${share(p.efficiency)} | ${p.failures} |`,
      ),
      `| all | | ${formatMs(l.wallMs)} | | ${l.successfulCalls} | ${l.rejected429} | ${share(l.apiWindowEfficiency)} | ${share(l.efficiency)} | ${l.failures} |`,
      ...(l.failureSamples.length > 0 ? ["", `First failures: ${l.failureSamples.map((s) => `\`${s.replace(/`/g, "'")}\``).join("; ")}`] : []),
    ],
  );
}

function clientDetails(r: BenchResults): string[] {
  const c = r.clientVsRaw;
  return section(
    "Client vs raw http.request",
    `Both over a keep-alive agent, the same body and headers, interleaved; ${c.cases[0]?.calls ?? 0} calls each after ${c.cases[0]?.warmup ?? 0} warm-up on loopback. ` +
      "\"axios alone\" is an axios instance configured like the client's transport sending the same request: client − raw = (axios − raw) + (client − axios).",
    [
      "| Case | client p50 / p95 | axios alone p50 | raw p50 / p95 | ratio p50 / p95 | overhead p50 = axios + ours | CPU per call: client / axios alone / raw |",
      "|---|---|---|---|---|---|---|",
      ...c.cases.map(
        (k) =>
          `| ${k.format.toUpperCase()} ${k.endpoint} | ${us(k.clientMs.p50)} / ${us(k.clientMs.p95)} | ${us(k.axiosMs.p50)} | ${us(k.rawMs.p50)} / ${us(k.rawMs.p95)} | ` +
          `${k.ratioP50.toFixed(2)} / ${k.ratioP95.toFixed(2)} | ${k.overheadUsP50} µs = ${k.axiosUsP50} + ${k.clientOwnUsP50} | ` +
          `${Math.round(k.cpuUsPerCall.client)} / ${Math.round(k.cpuUsPerCall.axios)} / ${Math.round(k.cpuUsPerCall.raw)} µs |`,
      ),
      "",
      ...c.atLatency.map(
        (l) =>
          `At ${l.latencyMs} ms (${l.format.toUpperCase()} getStatus, ${l.calls} calls): client ${formatMs(l.clientMs.p50)} vs raw ${formatMs(l.rawMs.p50)} at p50 ` +
          `(ratio ${l.ratioP50.toFixed(3)}; means ${formatMs(l.clientMs.mean)} vs ${formatMs(l.rawMs.mean)}, ratio ${l.ratioMean.toFixed(3)}); ` +
          `axios alone ${formatMs(l.axiosMs.p50)} (ratio ${l.axiosRatioP50.toFixed(3)}).`,
      ),
      "",
      "The client's own CPU per call, no I/O (µs):",
      "",
      "| Case | validate | encode | decode (envelope + schema) |",
      "|---|---|---|---|",
      ...c.stages.map((s) => `| ${s.format.toUpperCase()} ${s.endpoint} | ${s.validateUs} | ${s.encodeUs} | ${s.decodeUs} |`),
    ],
  );
}

function profileDetails(r: BenchResults): string[] {
  const h = r.hostProfile;
  const memoryRow = (label: string, m: HostMemorySnapshot): string =>
    `| ${label} | ${formatBytes(m.rssBytes)} | ${m.peakRssBytes === null ? "" : formatBytes(m.peakRssBytes)} | ${formatBytes(m.heapUsedBytes)} / ${formatBytes(m.heapTotalBytes)} | ` +
    `${formatBytes(m.externalBytes)} (${formatBytes(m.arrayBuffersBytes)} buffers) | ${formatBytes(m.mallocedBytes)} | ${m.spaces.map((s) => `${s.name} ${formatBytes(s.usedBytes)}`).join(", ")} | ${m.modules} |`;
  return section(
    "Where the host's cold start and memory go",
    `One host with a probe preloaded (module loads timed, CPU profile): spawn → first answered Check took ${formatMs(h.coldStartMs)} with the probe; ` +
      `Node.js itself ran ${formatMs(h.bootToProbeMs)} before the first module. Module loading: Pulumi's host ${formatMs(h.moduleLoadMs.host)} (${h.modules.host} modules), ` +
      `the provider (everything this package's code required) ${formatMs(h.moduleLoadMs.provider)} (${h.modules.provider} modules).`,
    [
      "Modules the provider process should not need (load time in the host with what they pulled in; then required alone in a fresh Node.js: time, RSS and heap after GC):",
      "",
      "| Module | why not | loaded | required by | load in host | alone: time / RSS / heap |",
      "|---|---|---|---|---|---|",
      ...h.unneeded.map(
        (u) =>
          `| ${u.group} | ${u.why} | ${u.loaded ? "**yes**" : "no"} | ${u.requiredBy ?? ""} | ${u.loadMs === null ? "" : formatMs(u.loadMs)} | ` +
          `${u.standalone ? `${formatMs(u.standalone.ms)} / ${formatBytes(Math.max(0, u.standalone.rssBytes))} / ${formatBytes(Math.max(0, u.standalone.heapBytes))}` : ""} |`,
      ),
      "",
      "Module load time by package (self time: an exact split; first loads with what they pulled in):",
      "",
      "| Package | loaded for | modules | self | with what it pulled in | first required by |",
      "|---|---|---|---|---|---|",
      ...h.groups.map((g) => `| ${g.group} | ${g.phase === "host" ? "Pulumi's host" : "the provider"} | ${g.modules} | ${formatMs(g.selfMs)} | ${formatMs(g.loadMs)} | ${g.loadedBy} |`),
      "",
      `CPU profile from the probe's start to the first answered Check (${formatMs(h.cpu.totalMs)} sampled), self time by package:`,
      "",
      "| Where | CPU |",
      "|---|---|",
      ...h.cpu.slices.map((s) => `| ${s.group} | ${formatMs(s.ms)} |`),
      "",
      "Host memory (RSS, V8 heap used / total, external, malloc, heap spaces over 1 MB, modules loaded):",
      "",
      "| When | RSS | peak RSS | heap | external | malloced | spaces | modules |",
      "|---|---|---|---|---|---|---|---|",
      memoryRow("after the first Check", h.memoryAtColdStart),
      memoryRow(`after ${h.memoryAfter.mailings} creates`, h.memoryAfter),
      ...(h.memoryAfterGc ? [memoryRow("then after a full garbage collection", h.memoryAfterGc)] : []),
    ],
  );
}

function otherDetails(r: BenchResults): string[] {
  const l = r.loader;
  return section(
    "Other figures",
    `Loader: ${l.entries.toLocaleString("en-US")} generated entries (${formatBytes(l.fileBytes)}) through \`loadMailingsFile\` in a process of its own ` +
      `(module loading excluded), stopped after ${formatMs(l.timeoutMs)}: ${l.ms === null ? `failed (${cell(l.error ?? "")})` : formatMs(l.ms)}.`,
    [
      "State per resource (`__provider` + outputs; whole state entry the engine keeps):",
      "",
      "| Resource | __provider + outputs | whole entry |",
      "|---|---|---|",
      ...r.state.resources.map((s) => `| ${s.label} | ${formatBytes(s.providerPlusOutputsBytes)} (${formatBytes(r.state.providerBytes)} + ${formatBytes(s.outputsBytes)}) | ${formatBytes(s.stateEntryBytes)} |`),
    ],
  );
}

function us(ms: number): string {
  return `${Math.round(ms * 1000)} µs`;
}
