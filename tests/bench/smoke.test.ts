import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BENCH_TOKEN } from "../../bench/token";
import type { BenchResults, Summary } from "../../bench/types";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Runs `bench/index.ts` the way `npm run bench` does, in quick mode, writing into `outDir`. */
function runQuickBench(outDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "bench/index.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_QUICK: "1", BENCH_OUT_DIR: outDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

function assertSummary(summary: Summary, label: string): void {
  for (const key of ["p50", "p95", "mean", "min", "max"] as const) {
    assert.ok(Number.isFinite(summary[key]) && summary[key] >= 0, `${label}.${key} is a number of ms, got ${summary[key]}`);
  }
  assert.ok(summary.n > 0, `${label} has samples`);
}

/**
 * The quick bench end to end, as a child process: it must finish, print the goals table and write a JSON file
 * holding every metric. No timing is asserted; the numbers of a quick run mean nothing.
 */
describe("npm run bench (BENCH_QUICK=1)", function () {
  this.timeout(180_000);
  let outDir: string;
  let run: { code: number | null; stdout: string; stderr: string };
  let results: BenchResults;
  let json: string;

  before(async () => {
    outDir = mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
    run = await runQuickBench(outDir);
    assert.equal(run.code, 0, `the bench exited with ${run.code}; stderr:\n${run.stderr}`);
    json = readFileSync(path.join(outDir, "latest.json"), "utf8");
    results = JSON.parse(json) as BenchResults;
  });

  after(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("prints the goals table and writes the same report to latest.md", () => {
    assert.match(run.stdout, /\| Metric \| Goal \| Measured \| Result \|/);
    assert.equal(readFileSync(path.join(outDir, "latest.md"), "utf8"), run.stdout);
  });

  it("states the machine and the mode", () => {
    assert.equal(results.schemaVersion, 1);
    assert.equal(results.mode, "quick");
    assert.ok(results.machine.cpus > 0);
    assert.ok(results.machine.cpuModel.length > 0);
    assert.ok(results.machine.memoryBytes > 0);
    assert.equal(results.machine.node, process.version);
    assert.ok(results.machine.os.length > 0);
    assert.match(run.stdout, new RegExp(`${results.machine.cpus} × .*Node ${process.version.replace(/\./g, "\\.")}`));
  });

  it("has client vs raw for JSON and XML, getStatus and activate, with the overhead split and stage costs", () => {
    const cases = results.clientVsRaw.cases.map((c) => `${c.format} ${c.endpoint}`).sort();
    assert.deepEqual(cases, ["json activate", "json getStatus", "xml activate", "xml getStatus"]);
    for (const c of results.clientVsRaw.cases) {
      assertSummary(c.clientMs, `${c.format} ${c.endpoint} client`);
      assertSummary(c.rawMs, `${c.format} ${c.endpoint} raw`);
      assertSummary(c.axiosMs, `${c.format} ${c.endpoint} axios`);
      assert.ok(c.ratioP50 > 0 && c.ratioP95 > 0);
      assert.ok(Number.isFinite(c.overheadUsP50) && Number.isFinite(c.axiosUsP50) && Number.isFinite(c.clientOwnUsP50));
    }
    assert.equal(results.clientVsRaw.keepAlive, true);
    assert.equal(results.clientVsRaw.stages.length, 4);
    for (const s of results.clientVsRaw.stages) assert.ok(s.validateUs >= 0 && s.encodeUs >= 0 && s.decodeUs >= 0);
    assert.equal(results.clientVsRaw.atLatency.latencyMs, 20);
    assertSummary(results.clientVsRaw.atLatency.clientMs, "client at latency");
  });

  it("has host vs direct for every provider operation", () => {
    assert.deepEqual(
      results.providerOverhead.map((o) => o.operation),
      ["check", "create", "read", "update", "delete"],
    );
    for (const o of results.providerOverhead) {
      assertSummary(o.hostMs, `${o.operation} host`);
      assertSummary(o.directMs, `${o.operation} direct`);
      assert.ok(Number.isFinite(o.overheadMsP50) && Number.isFinite(o.overheadMsP95));
    }
  });

  it("runs every stack size through create, update and delete with exactly the expected API calls and no failure", () => {
    const { runs } = results.stackScale;
    assert.ok(runs.length >= 2);
    assert.equal(results.stackScale.latencyMs, 20);
    for (const r of runs) {
      assert.deepEqual(
        r.phases.map((p) => p.phase),
        ["create", "update", "delete"],
      );
      for (const p of r.phases) {
        assert.equal(p.failures, 0, `${r.mailings} mailings, ${p.phase}`);
        assert.equal(p.apiCallsMade, p.apiCallsExpected, `${r.mailings} mailings, ${p.phase}: API calls`);
        assert.ok(p.idealMs > 0 && p.wallMs > 0 && p.ratioToIdeal > 0);
      }
    }
    assert.equal(results.memory.mailings, runs[runs.length - 1]?.mailings);
    if (process.platform === "linux") assert.ok((results.memory.hostPeakRssBytes ?? 0) > 10 * 1024 * 1024);
  });

  it("has throughput under a rate limit with every call accounted for", () => {
    const r = results.rateLimit;
    assert.deepEqual(
      r.phases.map((p) => p.phase),
      ["create", "update", "delete"],
    );
    assert.equal(r.failures, 0, r.failureSamples.join("\n"));
    assert.equal(r.successfulCalls, r.mailings * 7, "3 calls per create, 3 per update, 1 per delete");
    assert.ok(Number.isInteger(r.rejected429));
    assert.ok(Number.isFinite(r.efficiency) && Number.isFinite(r.achievedPerSecond));
  });

  it("weighs the state and the cold start", () => {
    assert.ok(results.state.providerBytes > 0);
    assert.equal(results.state.resources.length, 2);
    for (const r of results.state.resources) {
      assert.equal(r.providerPlusOutputsBytes, results.state.providerBytes + r.outputsBytes);
      assert.ok(r.stateEntryBytes > r.providerPlusOutputsBytes);
    }
    assert.ok(results.coldStart.samples >= 1);
    assertSummary(results.coldStart.totalMs, "cold start");
    assert.ok(results.coldStart.firstCheckMsP50 > 0);
  });

  it("has a goal row for every metric, with a verdict where the issue sets a goal", () => {
    const metrics = results.goals.map((g) => g.metric).join("\n");
    for (const pattern of [/Client \/ raw/, /Provider overhead/, /Stack of/, /rate limit/, /State per resource/, /peak RSS/, /cold start/]) {
      assert.match(metrics, pattern);
    }
    const judged = results.goals.filter((g) => g.pass !== null);
    assert.equal(judged.length, 4 + 5 + 1 + 2, "client ×4, provider ×5, rate limit, state ×2");
  });

  it("never shows the API token", () => {
    for (const text of [run.stdout, run.stderr, json]) assert.equal(text.includes(BENCH_TOKEN), false);
  });
});
