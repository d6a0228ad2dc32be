import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BENCH_TOKEN } from "../../bench/token";
import type { BenchResults } from "../../bench/types";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const README = path.join(REPO_ROOT, "README.md");
const PERFORMANCE_DOC = path.join(REPO_ROOT, "docs", "performance.md");
const RESULTS_DIR = path.join(REPO_ROOT, "bench", "results");

/** Runs `bench/index.ts` the way `npm run bench` does, in quick mode, writing into `outDir` and the page `doc`. */
function runQuickBench(outDir: string, doc: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "bench/index.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_QUICK: "1", BENCH_OUT_DIR: outDir, BENCH_DOC: doc },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

/** Content hash and mtime of a file, or of every file of a directory: what "untouched" means here. */
function fingerprint(target: string): string {
  if (!existsSync(target)) return "absent";
  const files = statSync(target).isDirectory() ? readdirSync(target).map((f) => path.join(target, f)) : [target];
  return files
    .sort()
    .map((f) => `${f}:${statSync(f).mtimeMs}:${createHash("sha256").update(readFileSync(f)).digest("hex")}`)
    .join("\n");
}

/**
 * The quick bench end to end, as a child process: it must finish, print every goal with a verdict, and write its
 * results only where it was told to. No timing is asserted; the numbers of a quick run mean nothing.
 */
describe("npm run bench (BENCH_QUICK=1)", function () {
  this.timeout(600_000);
  let outDir: string;
  let doc: string;
  let run: { code: number | null; stdout: string; stderr: string };
  let results: BenchResults;
  let json: string;
  const untouched = new Map<string, string>();

  before(async () => {
    for (const target of [README, PERFORMANCE_DOC, RESULTS_DIR]) untouched.set(target, fingerprint(target));
    outDir = mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
    doc = path.join(outDir, "performance.md");
    copyFileSync(PERFORMANCE_DOC, doc);
    run = await runQuickBench(outDir, doc);
    assert.equal(run.code, 0, `the bench exited with ${run.code}; stderr:\n${run.stderr}`);
    json = readFileSync(path.join(outDir, "latest.json"), "utf8");
    results = JSON.parse(json) as BenchResults;
  });

  after(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("leaves README.md, docs/performance.md and bench/results alone when told to write elsewhere", () => {
    for (const [target, print] of untouched) assert.equal(fingerprint(target), print, `${path.relative(REPO_ROOT, target)} changed`);
    assert.deepEqual(readdirSync(outDir).sort(), ["latest.json", "latest.md", "performance.md"]);
  });

  it("prints the report, writes the same to latest.md and into the marked block of the page", () => {
    assert.match(run.stdout, /\| Goal \| Target \| Measured \| Result \|/);
    assert.equal(readFileSync(path.join(outDir, "latest.md"), "utf8"), run.stdout);
    const page = readFileSync(doc, "utf8");
    const block = page.slice(page.indexOf("<!-- bench:results:start -->"), page.indexOf("<!-- bench:results:end -->"));
    assert.ok(block.includes(run.stdout.trimEnd()), "the page's marked block holds the report");
    assert.ok(page.startsWith(readFileSync(PERFORMANCE_DOC, "utf8").slice(0, 200)), "the page's text around the block is kept");
  });

  it("has a goal row with a verdict for every goal of issues 13 and 12, in one run", () => {
    const ids = results.goals.map((g) => g.id);
    const judged = [
      "calls.create",
      "calls.adopt",
      "calls.updateRun",
      "calls.refresh",
      "calls.delete",
      "calls.previewCreate",
      "calls.previewUpdate",
      "scale.create.ratio",
      "scale.update.ratio",
      "scale.delete.ratio",
      "scale.create.firstCall",
      "rateLimit",
      "memory.peakRss",
      "coldStart",
      "client.json.latency",
      "client.xml.latency",
      "loader",
    ];
    const reported = ["preview.verifyOn", "preview.verifyOff", "growth.create", "growth.update", "growth.delete", "client.json.getStatus.loopback", "client.xml.activate.loopback"];
    for (const id of judged) assert.equal(typeof results.goals.find((g) => g.id === id)?.pass, "boolean", `goal ${id} has a verdict`);
    for (const id of reported) assert.equal(results.goals.find((g) => g.id === id)?.pass, null, `row ${id} is reported`);
    assert.equal(new Set(ids).size, ids.length, "goal ids are unique");
    for (const g of results.goals) assert.ok(run.stdout.includes(g.metric.replace(/\|/g, "\\|")), `the table prints ${g.id}`);
  });

  it("counts API calls at the server for every scenario, split into reads and writes", () => {
    assert.deepEqual(
      results.callCounts.map((c) => c.scenario),
      ["create", "adopt", "updateRun", "refresh", "delete", "previewCreate", "previewUpdate"],
    );
    for (const c of results.callCounts) {
      assert.ok(c.maxCalls >= c.maxReads && c.maxCalls >= c.maxWrites, c.scenario);
      assert.deepEqual(c.problems, [], `${c.scenario} measured what it means to`);
    }
    const create = results.callCounts.find((c) => c.scenario === "create");
    assert.ok(create && create.writeEndpoints.includes("campaigns/activate"), "a create activates");
    for (const scenario of ["refresh", "previewCreate", "previewUpdate", "adopt"]) {
      assert.equal(results.callCounts.find((c) => c.scenario === scenario)?.maxWrites, 0, `${scenario} writes nothing`);
    }
  });

  it("runs every stack size through create, update and delete, with ideal times from the counted calls", () => {
    const { runs, latencyMs, maxConcurrency } = results.stackScale;
    assert.ok(runs.some((r) => r.mailings === results.goalSize));
    for (const r of runs) {
      assert.deepEqual(
        r.phases.map((p) => p.phase),
        ["create", "update", "delete"],
      );
      for (const p of r.phases) {
        assert.equal(p.failures, 0, `${r.mailings} mailings, ${p.phase}: ${p.failureSamples.join("; ")}`);
        assert.equal(p.calls, p.reads + p.writes);
        assert.ok(p.writes >= r.mailings, `${r.mailings} mailings, ${p.phase}: a write per mailing`);
        assert.equal(p.idealMs, Math.ceil(p.calls / maxConcurrency) * latencyMs);
      }
    }
    if (process.platform === "linux") assert.ok((results.memory.hostPeakRssBytes ?? 0) > 10 * 1024 * 1024);
  });

  it("runs the goal size through the floor provider with the same API calls per phase as this package", () => {
    const { runs, wide, hostFloor, parallel } = results.stackScale;
    assert.deepEqual(
      (hostFloor ?? []).map((f) => `${f.transport} ${f.parallel}`),
      [`http ${parallel}`, `http ${wide?.parallel}`, `axios ${parallel}`, `axios ${wide?.parallel}`],
    );
    const ours = runs.find((r) => r.mailings === results.goalSize);
    for (const floor of hostFloor ?? []) {
      assert.equal(floor.mailings, results.goalSize);
      for (const p of floor.phases) {
        assert.equal(p.failures, 0, `floor ${p.phase}: ${p.failureSamples.join("; ")}`);
        const mine = ours?.phases.find((x) => x.phase === p.phase);
        assert.deepEqual([p.calls, p.writes], [mine?.calls, mine?.writes], `floor ${p.phase} makes this package's calls`);
      }
    }
    assert.match(run.stdout, /The host floor:/);
    if (process.platform === "linux") {
      assert.match(results.goals.find((g) => g.id === "memory.peakRss")?.measured ?? "", /a provider making only the same calls: [\d.]+ MB, through axios [\d.]+ MB/);
    }
    assert.match(results.goals.find((g) => g.id === "scale.delete.ratio")?.measured ?? "", /a provider making only the same calls: \d+\.\d\d, through axios \d+\.\d\d/);
  });

  it("weighs the CPU each sender costs per call on loopback, and axios alone at 20 ms", () => {
    assert.equal(results.clientVsRaw.cases.length, 4);
    for (const k of results.clientVsRaw.cases) {
      for (const sender of ["client", "axios", "raw"] as const) assert.ok(k.cpuUsPerCall[sender] > 0, `${k.format} ${k.endpoint}: ${sender}`);
    }
    assert.match(run.stdout, /CPU per call: client \/ axios alone \/ raw/);
    assert.deepEqual(
      results.clientVsRaw.atLatency.map((l) => l.format),
      ["json", "xml"],
    );
    for (const l of results.clientVsRaw.atLatency) assert.ok(l.axiosMs.p50 >= l.latencyMs && l.axiosRatioP50 > 0, `${l.format}: axios alone at ${l.latencyMs} ms`);
  });

  it("previews with and without verifyOnPreview, writing nothing", () => {
    assert.deepEqual(results.preview.cases.map((c) => `${c.verifyOnPreview} ${c.kind}`).sort(), ["false change", "false new", "true change", "true new"]);
    for (const c of results.preview.cases) {
      assert.equal(c.writes, 0);
      assert.equal(c.failures, 0);
    }
  });

  it("accounts for every call under the rate limit", () => {
    const r = results.rateLimit;
    assert.deepEqual(
      r.phases.map((p) => p.phase),
      ["create", "update", "delete"],
    );
    assert.equal(r.failures, 0, r.failureSamples.join("\n"));
    assert.equal(r.successfulCalls, r.phases.reduce((sum, p) => sum + p.successfulCalls, 0));
    assert.ok(r.successfulCalls >= r.mailings * 3, "at least a write per mailing per phase");
  });

  it("profiles the host: module load split, the modules it should not need, memory", () => {
    const h = results.hostProfile;
    assert.ok(h.modules.host > 0 && h.modules.provider > 0);
    assert.ok(h.groups.some((g) => g.group === "@pulumi/pulumi" && g.phase === "host"));
    assert.ok(h.groups.every((g) => g.selfMs >= 0 && g.modules > 0));
    assert.ok(h.cpu.totalMs > 0 && h.cpu.slices.length > 0);
    for (const u of h.unneeded) {
      if (u.loaded) assert.ok(u.requiredBy !== null, `${u.group}: who required it`);
      else assert.deepEqual([u.loadMs, u.standalone], [null, null], `${u.group} is weighed only when loaded`);
    }
    assert.ok(h.unneeded.some((u) => u.group === "yaml") && h.unneeded.some((u) => u.group === "fast-xml-parser"));
    assert.ok(h.memoryAfter.rssBytes > 0 && h.memoryAfter.heapUsedBytes > 0);
    assert.ok(results.coldStart.samples >= 1 && results.coldStart.firstCheckMsP50 > 0);
    assert.ok((results.coldStart.floor?.firstCheckMsP50 ?? 0) > 0, "the floor provider's cold start is measured too");
    assert.match(results.goals.find((g) => g.id === "coldStart")?.measured ?? "", /the same host with a provider that loads nothing: /);
  });

  it("times the loader on a file it generated", () => {
    assert.equal(results.loader.error, null);
    assert.equal(results.loader.loadedEntries, results.loader.entries);
    assert.ok((results.loader.ms ?? -1) >= 0);
  });

  it("never shows the API token", () => {
    for (const text of [run.stdout, run.stderr, json]) assert.equal(text.includes(BENCH_TOKEN), false);
  });
});
