/**
 * What a reviewer reads, as the real `pulumi` CLI prints it, is what `up` then does: the launch lines in `preview`,
 * `preview --diff` and `preview --json` name exactly the mailings whose `up` launches, with the announced audience,
 * limit and content keys; and the policy pack, through `--policy-pack`, fails `preview` and `up` on a mandatory
 * violation with nothing written.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { writesSince } from "./support/writes";
import { CliStack } from "./support/cli-stack";
import { policyPackLauncher } from "./support/policy-pack";
import { REPO_ROOT } from "./support/pulumi-cli";

const TOKEN = "e2e-preview-token-81b2";
const PROJECT = "altcraft-mailings";

/**
 * The provider's reviewer lines in a human-readable CLI output: under Diagnostics on stdout; with `--diff`, the CLI
 * prints no Diagnostics section and relays them on stderr instead.
 */
function reviewerLines(output: string): string[] {
  const diagnostics = output.includes("\nDiagnostics:\n")
    ? (output.split(/\nDiagnostics:\n/)[1]?.split(/\n(?:Outputs|Resources|Policies):\n/)[0] ?? "")
    : output;
  return diagnostics
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("altcraft: mailing "));
}

/** The mailing ids of the lines that announce a launch. */
const launchIds = (lines: readonly string[]): number[] =>
  lines.filter((line) => line.includes("will launch a run")).map((line) => Number(/^altcraft: mailing (\d+)/.exec(line)?.[1]));

describe("launch lines and the policy pack through the real pulumi CLI", function () {
  this.timeout(240_000);
  let emulator: Emulator;
  let stack: CliStack;
  let work: string;
  let mailingsFile: string;
  let packConfig: string;
  let launcher: string;

  const writeMailings = (text: string): void => fs.writeFileSync(mailingsFile, text);
  const policyArgs = (): string[] => ["--policy-pack", launcher, "--policy-pack-config", packConfig];

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-e2e-preview-"));
    mailingsFile = path.join(work, "mailings.yaml");
    emulator = await startEmulator({
      tokens: [TOKEN],
      mailings: [
        { id: 101, name: "Welcome series", type: "trigger", isActive: false },
        { id: 310, name: "Spring sale", type: "regular", isActive: false },
      ],
    });
    writeMailings(
      [
        "mailings:",
        "  welcome-series:",
        "    mailingId: 101",
        "  spring-sale:",
        "    mailingId: 310",
        "    runNow: true",
        "    overrideSourceType: segment",
        "    overrideSourceId: 2550",
        "    overrideLimit: 500",
        "    content: { H1: Spring, promoCode: SPRING26 }",
        "",
      ].join("\n"),
    );
    stack = await CliStack.create({
      projectDir: REPO_ROOT,
      config: { "altcraft:baseUrl": emulator.url, "altcraft:mailingsFile": mailingsFile },
      secrets: { "altcraft:token": TOKEN },
    });
    packConfig = path.join(work, "policy-config.json");
    fs.writeFileSync(
      packConfig,
      JSON.stringify({ "altcraft-run-stacks": { allowedStacks: [stack.stack] }, "altcraft-run-limit-max": { maxLimit: 1000 } }),
    );
    launcher = policyPackLauncher(stack, path.join(REPO_ROOT, "policy-pack"), PROJECT);
  });

  after(async () => {
    stack?.dispose();
    await emulator?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("preview: one launch line, for the runNow mailing, with its audience, limit and content keys; nothing written", async () => {
    const since = emulator.executions.length;
    const { stdout } = await stack.ok(["preview", ...policyArgs()]);
    const lines = reviewerLines(stdout);
    assert.deepEqual(launchIds(lines), [310], stack.lastOutput());
    const launch = lines.find((line) => line.includes("will launch a run")) ?? "";
    assert.match(launch, /segment 2550/);
    assert.match(launch, /limit 500/);
    assert.match(launch, /content keys H1, promoCode/);
    assert.ok(lines.some((line) => line.startsWith("altcraft: mailing 101 ")), stack.lastOutput());
    assert.match(stdout, /Policies:[\s\S]*pulumi-altcraft@v0\.2\.0/, "the pack ran");
    assert.deepEqual(writesSince(emulator, since), []);
  });

  it("preview --diff prints the same launch lines (on stderr: --diff has no Diagnostics section)", async () => {
    const { stdout, stderr } = await stack.ok(["preview", "--diff", ...policyArgs()]);
    assert.deepEqual(launchIds(reviewerLines(stdout)), [], "not on stdout");
    assert.deepEqual(launchIds(reviewerLines(stderr)), [310], stack.lastOutput());
    assert.match(stdout, /\+ pulumi-nodejs:dynamic\/altcraft:ActivatedMailing: \(create\)[\s\S]*runNow\s*: true/);
  });

  it("preview --json carries the same launch lines as diagnostics", async () => {
    const { stdout } = await stack.ok(["preview", "--json"]);
    const report = JSON.parse(stdout) as { diagnostics?: Array<{ message: string }>; steps?: Array<{ op: string; urn: string }> };
    const lines = (report.diagnostics ?? []).flatMap((d) => d.message.split("\n")).map((l) => l.trim()).filter((l) => l.startsWith("altcraft: mailing "));
    assert.deepEqual(launchIds(lines), [310], stdout);
    assert.deepEqual((report.steps ?? []).filter((s) => s.urn.includes("ActivatedMailing")).map((s) => s.op).sort(), ["create", "create"]);
  });

  it("up launches exactly what the preview announced, once", async () => {
    const since = emulator.executions.length;
    const { stdout } = await stack.ok(["up", "--yes", "--skip-preview", ...policyArgs()]);
    assert.deepEqual(writesSince(emulator, since).sort(), ["activate 101", "activate 310"]);
    const launches = emulator.launches();
    assert.equal(launches.length, 1, stack.lastOutput());
    assert.equal(launches[0]?.mailingId, 310);
    assert.deepEqual(
      { type: launches[0]?.runParams.override_source_type, id: launches[0]?.runParams.override_source_id, limit: launches[0]?.runParams.override_limit },
      { type: "segment", id: 2550, limit: 500 },
    );
    assert.deepEqual(Object.keys(launches[0]?.runParams.content ?? {}).sort(), ["H1", "promoCode"]);
    assert.deepEqual(launchIds(reviewerLines(stdout)), [310]);
  });

  it("a changed run input: the preview announces a new run, and up launches it; a second up launches nothing", async () => {
    writeMailings(fs.readFileSync(mailingsFile, "utf8").replace("H1: Spring", "H1: Spring again"));
    const preview = await stack.ok(["preview", ...policyArgs()]);
    assert.deepEqual(launchIds(reviewerLines(preview.stdout)), [310], stack.lastOutput());
    await stack.ok(["up", "--yes", "--skip-preview", ...policyArgs()]);
    assert.equal(emulator.launches(310).length, 2);
    const again = await stack.ok(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(launchIds(reviewerLines(again.stdout)), []);
    assert.equal(emulator.launches(310).length, 2);
  });

  it("a mandatory violation (overrideLimit above maxLimit) fails preview and up, with nothing written", async () => {
    writeMailings(fs.readFileSync(mailingsFile, "utf8").replace("overrideLimit: 500", "overrideLimit: 50000"));
    const since = emulator.executions.length;
    const preview = await stack.run(["preview", ...policyArgs()]);
    assert.notEqual(preview.code, 0, stack.lastOutput());
    assert.match(preview.stdout, /\[mandatory\]\s+altcraft-run-limit-max/);
    assert.match(preview.stdout, /overrideLimit 50000, above the maximum 1000/);
    const up = await stack.run(["up", "--yes", "--skip-preview", ...policyArgs()]);
    assert.notEqual(up.code, 0, stack.lastOutput());
    assert.match(up.stdout, /altcraft-run-limit-max/);
    assert.deepEqual(writesSince(emulator, since), []);
    assert.equal(emulator.launches(310).length, 2);
  });
});
