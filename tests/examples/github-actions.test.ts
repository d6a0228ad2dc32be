import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { startEmulator, type Emulator } from "../../emulator";
import { runProgram } from "../harness/languageRuntime";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { callSummary, logText, mailingOperations, mutatingCalls, REPO_ROOT, TEST_TOKEN } from "./support/emulatedStack";

const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "github-actions");
const WORKFLOWS = path.join(EXAMPLE_DIR, ".github", "workflows");
const PROJECT = "altcraft-github-actions";

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
  assert.equal(setupNode?.with?.["node-version"], 22);
  const npmCi = steps.findIndex((s) => s.run === "npm ci");
  assert.ok(npmCi >= 0 && npmCi < steps.indexOf(pulumiStep(steps)), "npm ci runs before Pulumi");
  assert.ok(steps[0]?.uses?.startsWith("actions/checkout@"));
}

function assertSecretsFromSettings(step: Step): void {
  assert.deepEqual(step.env, {
    PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
    ALTCRAFT_TOKEN: "${{ secrets.ALTCRAFT_TOKEN }}",
  });
}

describe("example: github-actions", function () {
  this.timeout(60_000);

  describe("workflows", () => {
    it("preview.yml previews every pull request and posts the diff as a PR comment", () => {
      const { workflow, steps } = readWorkflow("preview.yml");
      assert.ok("pull_request" in workflow.on);
      assert.equal(workflow.permissions?.["pull-requests"], "write");
      const pulumi = pulumiStep(steps);
      assert.equal(pulumi.with?.command, "preview");
      assert.equal(pulumi.with?.["comment-on-pr"], true);
      assert.match(String(pulumi.with?.["stack-name"]), /\/production$/);
      assertSecretsFromSettings(pulumi);
      assertBuildSteps(steps);
    });

    it("up.yml applies the stack on pushes to main", () => {
      const { workflow, steps } = readWorkflow("up.yml");
      assert.deepEqual(workflow.on.push?.branches, ["main"]);
      assert.equal("pull_request" in workflow.on, false);
      const pulumi = pulumiStep(steps);
      assert.equal(pulumi.with?.command, "up");
      assertSecretsFromSettings(pulumi);
      assertBuildSteps(steps);
    });
  });

  describe("the program, as the workflows run it (token from the ALTCRAFT_TOKEN environment variable)", () => {
    let emulator: Emulator;
    let host: ProviderHost;
    let config: Record<string, string>;

    before(async () => {
      emulator = await startEmulator({ tokens: [TEST_TOKEN], mailings: [{ id: 101 }, { id: 102 }, { id: 205 }] });
      // The pulumi/actions step passes its env to the engine, which hands it to the provider process.
      host = await startProviderHost({ cwd: EXAMPLE_DIR, project: PROJECT, env: { ALTCRAFT_TOKEN: TEST_TOKEN } });
      const stackFile = parse(fs.readFileSync(path.join(EXAMPLE_DIR, "Pulumi.production.yaml"), "utf8")) as { config: Record<string, string> };
      assert.equal(stackFile.config["altcraft:token"], undefined, "no token in the committed stack file");
      config = { ...stackFile.config, "altcraft:baseUrl": emulator.url };
    });

    after(async () => {
      await host?.stop();
      await emulator?.close();
    });

    it("preview (pull request) plans the mailings.yaml entries and calls nothing; up (main) activates them", async () => {
      const base = { programDir: EXAMPLE_DIR, project: PROJECT, stack: "production", host, config };
      const preview = await runProgram({ ...base, dryRun: true });
      assert.equal(preview.exitCode, 0, logText(preview));
      assert.deepEqual(mailingOperations(preview), ["create welcome-series", "create abandoned-cart", "create weekly-digest"]);
      assert.equal(emulator.requests.length, 0);

      const up = await runProgram(base);
      assert.equal(up.exitCode, 0, logText(up));
      assert.deepEqual(callSummary(mutatingCalls(emulator)).sort(), ["activate 101", "activate 102", "activate 205"]);
      assert.ok(emulator.requests.every((r) => r.tokenIn === "body" || r.tokenIn === "header"), "every call carried the token");
    });
  });
});
