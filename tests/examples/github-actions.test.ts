import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { startEmulator, type Emulator } from "../../emulator";
import { runProgram } from "../harness/languageRuntime";
import { startPolicyAnalyzer } from "../policy/support/analyzer";
import { mailing } from "../policy/support/resources";
import { callSummary, logText, mailingOperations, mutatingCalls, previewReads, REPO_ROOT, TEST_TOKEN } from "./support/emulatedStack";

const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "github-actions");
const WORKFLOWS = path.join(EXAMPLE_DIR, ".github", "workflows");
const PROJECT = "altcraft-github-actions";
const POLICY_PACK = "node_modules/pulumi-altcraft/policy-pack";

interface CommentScript {
  buildComment(output: string, stack: string): string;
  launchLines(output: string): string[];
}
const commentScript = require(path.join(EXAMPLE_DIR, ".github", "scripts", "preview-comment.js")) as CommentScript;

/**
 * A `pulumi preview` log as the action captures it (the shape pulumi v3.276 prints non-interactively, see
 * tests/e2e/github-actions.test.ts for the real thing): colours, each provider line once after the stack's progress
 * prefix and once under Diagnostics.
 */
const PREVIEW_OUTPUT = [
  "Previewing update (your-org/production):",
  "",
  "    pulumi:pulumi:Stack altcraft-github-actions-production running ",
  '    pulumi:pulumi:Stack altcraft-github-actions-production running altcraft: mailing 4727 "Weather alert" (regular): will launch a run to segment 2550, limit 300, content keys H1',
  " \u001b[33m~ \u001b[0m pulumi-nodejs:dynamic/altcraft:ActivatedMailing weather-alert update ",
  '    pulumi:pulumi:Stack altcraft-github-actions-production running altcraft: mailing 205 "Weekly digest" (regular): paused outside Pulumi; up keeps it paused (onManualPause: keep); nothing is sent (change triggers to resume it and launch a run)',
  "    pulumi:pulumi:Stack altcraft-github-actions-production  2 messages",
  "Policies:",
  "    ✅ pulumi-altcraft@v0.2.0 (local: node_modules/pulumi-altcraft/policy-pack)",
  "",
  "Diagnostics:",
  "  pulumi:pulumi:Stack (altcraft-github-actions-production):",
  '    altcraft: mailing 4727 "Weather alert" (regular): will launch a run to segment 2550, limit 300, content keys H1',
  '    altcraft: mailing 205 "Weekly digest" (regular): paused outside Pulumi; up keeps it paused (onManualPause: keep); nothing is sent (change triggers to resume it and launch a run)',
  "",
  "Resources:",
  "    ~ 1 to update <no-op & unchanged>",
].join("\n");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, { branches?: string[] } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

function readWorkflow(name: string): { workflow: Workflow; steps: Step[]; text: string } {
  const text = fs.readFileSync(path.join(WORKFLOWS, name), "utf8");
  const workflow = parse(text) as Workflow;
  const jobs = Object.values(workflow.jobs);
  assert.equal(jobs.length, 1, `${name} has one job`);
  return { workflow, steps: jobs[0]?.steps ?? [], text };
}

function pulumiStep(steps: Step[]): Step {
  const step = steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
  assert.ok(step, "a pulumi/actions step");
  return step;
}

function assertBuildSteps(steps: Step[]): void {
  const setupNode = steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
  assert.equal(setupNode?.with?.["node-version"], 24, "Node 24, as the README requires (22.20–22.23 hang a failing program)");
  const npmCi = steps.findIndex((s) => s.run === "npm ci");
  assert.ok(npmCi >= 0 && npmCi < steps.indexOf(pulumiStep(steps)), "npm ci runs before Pulumi");
  assert.ok(steps[0]?.uses?.startsWith("actions/checkout@"));
}

function assertPolicyPack(step: Step): void {
  assert.equal(step.with?.policyPacks, POLICY_PACK);
  assert.equal(step.with?.policyPackConfigs, "policy-config.json");
  // node_modules/pulumi-altcraft is the installed package: the folder it names must ship in it.
  const files = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { files: string[] }).files;
  assert.ok(files.includes("policy-pack") && fs.existsSync(path.join(REPO_ROOT, "policy-pack", "PulumiPolicy.yaml")));
}

/** Secrets come from the repository's settings; the only other variable turns on update plans (experimental). */
function assertSecretsFromSettings(step: Step): void {
  assert.deepEqual(step.env, {
    PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
    ALTCRAFT_TOKEN: "${{ secrets.ALTCRAFT_TOKEN }}",
    PULUMI_EXPERIMENTAL: "true",
  });
}

describe("example: github-actions", function () {
  this.timeout(60_000);

  describe("workflows", () => {
    it("preview.yml previews every pull request with the policy pack and comments the launch lines first", () => {
      const { workflow, steps } = readWorkflow("preview.yml");
      assert.ok("pull_request" in workflow.on);
      assert.equal(workflow.permissions?.["pull-requests"], "write");
      const pulumi = pulumiStep(steps) as Step & { id?: string };
      assert.equal(pulumi.with?.command, "preview");
      assert.equal(pulumi.with?.refresh, true);
      assert.match(String(pulumi.with?.["stack-name"]), /\/production$/);
      assertPolicyPack(pulumi);
      assertSecretsFromSettings(pulumi);
      assertBuildSteps(steps);
      const comment = steps[steps.indexOf(pulumi) + 1];
      assert.ok(comment?.uses?.startsWith("actions/github-script@"), "the comment step follows the preview");
      assert.ok(comment);
      assert.equal(comment.env?.PREVIEW_OUTPUT, `\${{ steps.${pulumi.id}.outputs.output }}`);
      assert.match(String(comment.with?.script), /require\('\.\/\.github\/scripts\/preview-comment\.js'\)/);
    });

    it("the PR comment starts with the provider's launch and pause lines, the full preview folded below", () => {
      const body = commentScript.buildComment(PREVIEW_OUTPUT, "production");
      const launches = [
        'altcraft: mailing 4727 "Weather alert" (regular): will launch a run to segment 2550, limit 300, content keys H1',
        'altcraft: mailing 205 "Weekly digest" (regular): paused outside Pulumi; up keeps it paused (onManualPause: keep); nothing is sent (change triggers to resume it and launch a run)',
      ];
      assert.deepEqual(commentScript.launchLines(PREVIEW_OUTPUT), launches);
      const top = body.slice(0, body.indexOf("<details>"));
      for (const line of launches) assert.ok(top.includes(`\n${line}\n`), `${line} in the top section`);
      const full = body.slice(body.indexOf("<pre>"));
      assert.ok(full.includes("Resources:") && full.includes("&lt;no-op &amp; unchanged&gt;"), "full output, HTML-escaped");
      assert.equal(body.includes("\u001b"), false, "no colour codes");
      assert.match(commentScript.buildComment("Resources:\n    3 unchanged\n", "production"), /No mailing will be sent/);
    });

    it("up.yml applies the stack on pushes to main", () => {
      const { workflow, steps } = readWorkflow("up.yml");
      assert.deepEqual(workflow.on.push?.branches, ["main"]);
      assert.equal("pull_request" in workflow.on, false);
      const pulumi = pulumiStep(steps);
      assert.equal(pulumi.with?.command, "up");
      assertPolicyPack(pulumi);
      assertSecretsFromSettings(pulumi);
      assertBuildSteps(steps);
    });
  });

  it("README: refresh re-activates UI-paused mailings only under onManualPause: resume; keep leaves them paused", () => {
    const readme = fs.readFileSync(path.join(EXAMPLE_DIR, "README.md"), "utf8");
    assert.match(readme, /Only under this rule does `refresh: true` re-activate mailings paused in the UI on the next merge/);
    assert.match(readme, /`keep` \(default\) \| Leaves it paused/);
    assert.match(readme, /--policy-pack/);
  });

  it("policy-config.json is accepted by the pack, and the example's mailings pass it on production", async () => {
    const config = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, "policy-config.json"), "utf8")) as Record<string, Record<string, unknown>>;
    const analyzer = await startPolicyAnalyzer({ packDir: path.join(REPO_ROOT, "policy-pack"), stack: "production", project: PROJECT });
    try {
      const policies = (await analyzer.info()).policies.map((p) => p.name);
      assert.deepEqual(Object.keys(config).sort(), [...policies].sort(), "the file configures every policy");
      await analyzer.configure(config);
      const entries = (parse(fs.readFileSync(path.join(EXAMPLE_DIR, "mailings.yaml"), "utf8")) as { mailings: Record<string, Record<string, unknown>> }).mailings;
      for (const [name, entry] of Object.entries(entries)) assert.deepEqual(await analyzer.analyze(mailing(name, entry)), [], name);
      const found = await analyzer.analyze(mailing("blast", { mailingId: 4727, runNow: true, overrideLimit: 5001 }));
      assert.deepEqual(found.map((d) => d.policyName), ["altcraft-run-limit-max"], "maxLimit 5000 from the file");
    } finally {
      await analyzer.stop();
    }
  });

  describe("the program, as the workflows run it (token from the ALTCRAFT_TOKEN environment variable)", () => {
    let emulator: Emulator;
    let config: Record<string, string>;

    before(async () => {
      emulator = await startEmulator({ tokens: [TEST_TOKEN], mailings: [{ id: 101 }, { id: 102 }, { id: 205 }] });
      const stackFile = parse(fs.readFileSync(path.join(EXAMPLE_DIR, "Pulumi.production.yaml"), "utf8")) as { config: Record<string, string> };
      assert.equal(stackFile.config["altcraft:token"], undefined, "no token in the committed stack file");
      config = { ...stackFile.config, "altcraft:baseUrl": emulator.url };
    });

    after(async () => {
      await emulator?.close();
    });

    it("preview (pull request) plans the mailings.yaml entries and writes nothing; up (main) activates them", async () => {
      // The pulumi/actions step passes its env to the engine, which hands it to the provider process; preview and up
      // are separate jobs, so each run starts its own provider host (runProgram does when given no host).
      const base = { programDir: EXAMPLE_DIR, project: PROJECT, stack: "production", config, env: { ALTCRAFT_TOKEN: TEST_TOKEN } };
      const preview = await runProgram({ ...base, dryRun: true });
      assert.equal(preview.exitCode, 0, logText(preview));
      assert.deepEqual(mailingOperations(preview), ["create welcome-series", "create abandoned-cart", "create weekly-digest"]);
      // The preview reads each declared mailing once (altcraft:verifyOnPreview), never writes.
      assert.deepEqual(previewReads(emulator), [101, 102, 205]);
      assert.deepEqual(callSummary(mutatingCalls(emulator)), []);

      const up = await runProgram(base);
      assert.equal(up.exitCode, 0, logText(up));
      assert.deepEqual(callSummary(mutatingCalls(emulator)).sort(), ["activate 101", "activate 102", "activate 205"]);
      assert.ok(emulator.requests.every((r) => r.tokenIn === "body" || r.tokenIn === "header"), "every call carried the token");
    });
  });
});
