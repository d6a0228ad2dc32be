/**
 * Where the provider host's cold start and memory go. One host runs with host-probe.js preloaded (a CPU profile
 * and every module load timed, so its own figures are a little slower than the measured cold start): spawn →
 * Configure → first answered Check, a report; then N creates, another report. Modules the provider process should
 * not need are then weighed one by one in a fresh Node.js process (load time, RSS and heap after GC).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { TestEngine } from "../tests/harness/engine";
import type { ProviderHost } from "../tests/harness/providerHost";
import { startProviderHost } from "../tests/harness/providerHost";
import { msSince } from "./clock";
import { startEmulatorChild } from "./emulator-child";
import { connectionConfig, DEFAULT_HOST_SETTINGS, providerText } from "./host";
import { isOurs, moduleGroup } from "./module-groups";
import { readProcessMemory } from "./proc-status";
import type { BenchSettings } from "./settings";
import { round } from "./stats";
import { BENCH_TOKEN } from "./token";
import type { HostMemorySnapshot, HostProfileResult, ModuleGroupCost, UnneededModule } from "./types";

const PROBE = path.join(__dirname, "host-probe.js");
const REPO_ROOT = path.resolve(__dirname, "..");
const REPORT_TIMEOUT_MS = 10_000;
const TOP_GROUPS = 15;
const TOP_CPU = 12;
const FIRST_ID = 60_000;

/** Modules the provider process should not load, and why; every one found is weighed. */
const SHOULD_NOT_LOAD: readonly { group: string; why: string }[] = [
  { group: "dist/index.js", why: "the package index: it loads every part of the package" },
  { group: "dist/emulator", why: "the emulator: tests, demos and CI only" },
  { group: "dist/program", why: "the mailings-file program" },
  { group: "dist/cli", why: "the command-line tool" },
  { group: "yaml", why: "only the mailings-file program and the CLI read YAML" },
  { group: "fast-xml-parser", why: "only needed when altcraft:format is xml (the bench runs json)" },
  { group: "typescript", why: "a compiler" },
  { group: "ts-node", why: "a compiler" },
  { group: "@pulumi/policy", why: "policy packs run in their own process" },
  { group: "form-data", why: "axios' multipart support (comes with axios; the client never sends multipart)" },
  { group: "mime-db", why: "axios' MIME table (comes with axios through form-data)" },
  { group: "axios", why: "the HTTP client; node:http alone does the same job (see client ÷ raw)" },
];

/** What host-probe.js writes. */
interface ProbeReport {
  seq: number;
  probeLoadedAtMs: number;
  uptimeMs: number;
  modules: { file: string; parent: string | null; startMs: number; totalMs: number; selfMs: number }[];
  memory: NodeJS.MemoryUsage;
  heap: { malloced_memory: number; number_of_native_contexts: number };
  heapSpaces: { name: string; usedBytes: number; sizeBytes: number }[];
  profile: CpuProfile | null;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Profiles one host through its cold start and `settings.mailings` creates. */
export async function profileHost(settings: BenchSettings["profile"]): Promise<HostProfileResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-probe-"));
  const out = path.join(dir, "report.json");
  const ids = Array.from({ length: settings.mailings }, (_, i) => FIRST_ID + i);
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings: [{ id: 82 }, ...ids.map((id) => ({ id }))] });
  let host: ProviderHost | undefined;
  try {
    const provider = await providerText();
    const nodeOptions = [process.env.NODE_OPTIONS, `--require ${PROBE}`].filter(Boolean).join(" ");
    const began = process.hrtime.bigint();
    host = await startProviderHost({ env: { NODE_OPTIONS: nodeOptions, BENCH_PROBE_OUT: out } });
    await host.configure(connectionConfig(emulator.url, DEFAULT_HOST_SETTINGS), ["altcraft:token"]);
    await host.check({}, { __provider: provider, mailingId: 82 });
    const coldStartMs = msSince(began);
    const cold = await probe(host, out, 1);
    const engine = new TestEngine(host, provider);
    await Promise.all(ids.map((id) => engine.up(`mailing-${id}`, { mailingId: id })));
    const after = await probe(host, out, 2);
    const peak = readProcessMemory(host.pid)?.peakRssBytes ?? null;
    const collected = await probe(host, out, 3);
    const groups = groupModules(cold.modules);
    const unneeded = await weighUnneeded(groupModules(after.modules), after.modules);
    return {
      coldStartMs: round(coldStartMs, 1),
      bootToProbeMs: round(cold.probeLoadedAtMs, 1),
      moduleLoadMs: {
        host: round(sum(groups.filter((g) => g.phase === "host"), (g) => g.selfMs), 1),
        provider: round(sum(groups.filter((g) => g.phase === "provider"), (g) => g.selfMs), 1),
      },
      modules: {
        host: sum(groups.filter((g) => g.phase === "host"), (g) => g.modules),
        provider: sum(groups.filter((g) => g.phase === "provider"), (g) => g.modules),
      },
      groups: [...groups].sort((a, b) => b.selfMs - a.selfMs).slice(0, TOP_GROUPS),
      cpu: summarizeProfile(cold.profile),
      unneeded,
      memoryAtColdStart: memorySnapshot(cold, null),
      memoryAfter: { mailings: settings.mailings, ...memorySnapshot(after, peak) },
      memoryAfterGc: memorySnapshot(collected, null),
    };
  } finally {
    await host?.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Signals the probe and waits for report number `seq`. */
async function probe(host: ProviderHost, out: string, seq: number): Promise<ProbeReport> {
  process.kill(host.pid, "SIGUSR2");
  const deadline = Date.now() + REPORT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(out)) {
      const report = JSON.parse(readFileSync(out, "utf8")) as ProbeReport;
      if (report.seq === seq) return report;
    }
    await sleep(20);
  }
  throw new Error(`the host probe wrote no report ${seq} within ${REPORT_TIMEOUT_MS} ms (stderr: ${host.output().stderr.slice(-300)})`);
}

/**
 * Self time per group (an exact split of the load time), the load time of the group's own first loads with what
 * they pulled in, and which phase loaded it: "provider" when a module of this package is among its requirers.
 */
export function groupModules(modules: ProbeReport["modules"]): ModuleGroupCost[] {
  const byFile = new Map(modules.map((m) => [m.file, m]));
  const viaOurs = (file: string | null): boolean => {
    for (let at = file, hops = 0; at && hops < 200; at = byFile.get(at)?.parent ?? null, hops++) if (isOurs(at)) return true;
    return false;
  };
  const groups = new Map<string, ModuleGroupCost>();
  for (const m of modules) {
    const name = moduleGroup(m.file);
    let group = groups.get(name);
    if (!group) {
      group = { group: name, modules: 0, selfMs: 0, loadMs: 0, loadedBy: m.parent ? shortFile(m.parent) : "(entry)", phase: viaOurs(m.file) ? "provider" : "host" };
      groups.set(name, group);
    }
    group.modules++;
    group.selfMs += m.selfMs;
    if (!hasAncestorIn(m, name, byFile)) group.loadMs += m.totalMs;
  }
  for (const g of groups.values()) {
    g.selfMs = round(g.selfMs, 1);
    g.loadMs = round(g.loadMs, 1);
  }
  return [...groups.values()];
}

function hasAncestorIn(m: ProbeReport["modules"][number], group: string, byFile: Map<string, ProbeReport["modules"][number]>): boolean {
  for (let at = m.parent, hops = 0; at && hops < 200; at = byFile.get(at)?.parent ?? null, hops++) {
    if (moduleGroup(at) === group) return true;
  }
  return false;
}

/** CPU time from probe start to the first answered Check, by package (GC and idle apart). */
function summarizeProfile(profile: CpuProfile | null): HostProfileResult["cpu"] {
  if (!profile) return { totalMs: 0, slices: [] };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const key = !frame ? "(unknown)" : frame.url === "" ? frame.functionName || "(native)" : cpuGroup(frame.url);
    totals.set(key, (totals.get(key) ?? 0) + ms);
  });
  const slices = [...totals.entries()].map(([group, ms]) => ({ group, ms: round(ms, 1) })).sort((a, b) => b.ms - a.ms);
  return { totalMs: round(total, 1), slices: slices.slice(0, TOP_CPU) };
}

function cpuGroup(url: string): string {
  if (url.startsWith("node:")) return "node (module loading, fs, net: Node's own JavaScript)";
  if (url.endsWith("host-probe.js")) return "the probe itself (bench/host-probe.js)";
  return moduleGroup(url.startsWith("file://") ? new URL(url).pathname : url);
}

function memorySnapshot(report: ProbeReport, peakRssBytes: number | null): HostMemorySnapshot {
  return {
    rssBytes: report.memory.rss,
    peakRssBytes,
    heapUsedBytes: report.memory.heapUsed,
    heapTotalBytes: report.memory.heapTotal,
    externalBytes: report.memory.external,
    arrayBuffersBytes: report.memory.arrayBuffers,
    mallocedBytes: report.heap.malloced_memory,
    spaces: report.heapSpaces.filter((s) => s.usedBytes > 1024 * 1024).map((s) => ({ name: s.name, usedBytes: s.usedBytes })),
    modules: report.modules.length,
  };
}

/** Every listed group, loaded or not; the loaded ones weighed alone in a fresh process. */
async function weighUnneeded(groups: ModuleGroupCost[], modulesAfter: ProbeReport["modules"]): Promise<UnneededModule[]> {
  const rows: UnneededModule[] = [];
  const byFile = new Map(modulesAfter.map((m) => [m.file, m]));
  for (const { group, why } of SHOULD_NOT_LOAD) {
    const first = modulesAfter.find((m) => moduleGroup(m.file) === group && !hasAncestorIn(m, group, byFile));
    const known = groups.find((g) => g.group === group);
    if (!first) {
      rows.push({ group, why, loaded: false, loadMs: null, requiredBy: null, standalone: null });
      continue;
    }
    rows.push({
      group,
      why,
      loaded: true,
      loadMs: known?.loadMs ?? null,
      requiredBy: first.parent ? shortFile(first.parent) : null,
      standalone: await weighAlone(first.file),
    });
  }
  return rows;
}

const WEIGH_SCRIPT = `
const file = process.argv[1];
global.gc(); global.gc();
const before = process.memoryUsage();
const t = performance.now();
require(file);
const ms = performance.now() - t;
global.gc(); global.gc();
const after = process.memoryUsage();
process.stdout.write(JSON.stringify({ ms, rssBytes: after.rss - before.rss, heapBytes: after.heapUsed - before.heapUsed }));
`;

/** Load time, RSS and heap (after GC) that requiring `file` adds to a bare Node.js process. */
async function weighAlone(file: string): Promise<UnneededModule["standalone"]> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", "-e", WEIGH_SCRIPT, file], { cwd: REPO_ROOT, timeout: 30_000 });
    const parsed = JSON.parse(stdout) as { ms: number; rssBytes: number; heapBytes: number };
    return { ms: round(parsed.ms, 1), rssBytes: parsed.rssBytes, heapBytes: parsed.heapBytes };
  } catch {
    return null;
  }
}

function shortFile(file: string): string {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith("..") ? file : relative;
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}
