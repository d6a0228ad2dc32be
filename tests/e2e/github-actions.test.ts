/**
 * The github-actions example, rehearsed with the real `pulumi` CLI against the emulator: the pull request's preview
 * step and the merge's `up` step run with the flags pulumi/actions passes for the workflows' inputs (refresh,
 * policyPacks, policyPackConfigs, plan), the PR comment built by .github/scripts/preview-comment.js carries the launch
 * lines the CLI printed, and the merge is bound to the reviewed update plan: a change made after the review (a new
 * entry, a run input) fails the merge's `up` with nothing written.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { loadSeedFile, startEmulator, type Emulator } from "../../emulator";
import { writesSince } from "./support/writes";
import { CliStack } from "./support/cli-stack";
import { packedProject } from "./support/packed-project";
import { policyPackLauncher } from "./support/policy-pack";
import { REPO_ROOT } from "./support/pulumi-cli";

const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "github-actions");
const WORKFLOWS = path.join(EXAMPLE_DIR, ".github", "workflows");
const PROJECT = "altcraft-github-actions";
const TOKEN = "e2e-github-actions-token-7f3e";

interface CommentScript {
  buildComment(output: string, stack: string): string;
  launchLines(output: string): string[];
}

/** The `with:` inputs of the pulumi/actions step of a workflow. */
function pulumiStepInputs(workflow: string): Record<string, unknown> {
  const parsed = parse(fs.readFileSync(path.join(WORKFLOWS, workflow), "utf8")) as {
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
  };
  const step = Object.values(parsed.jobs).flatMap((job) => job.steps).find((s) => s.uses?.startsWith("pulumi/actions@"));
  assert.ok(step?.with, `${workflow} has a pulumi/actions step`);
  return step.with;
}

/**
 * The CLI flags pulumi/actions gives for a step's inputs (it calls the Automation API: `refresh` → --refresh,
 * `policyPacks` → --policy-pack, `policyPackConfigs` → --policy-pack-config, `plan` → --save-plan on preview and
 * --plan on up). The pack folder is replaced by the launcher the CLI built here needs (support/policy-pack.ts).
 */
function flagsFor(inputs: Record<string, unknown>, command: "preview" | "up", packLauncher: string, projectDir: string): string[] {
  const flags: string[] = [];
  if (inputs.refresh === true) flags.push("--refresh");
  if (typeof inputs.policyPacks === "string") flags.push("--policy-pack", packLauncher);
  if (typeof inputs.policyPackConfigs === "string") flags.push("--policy-pack-config", path.join(projectDir, inputs.policyPackConfigs));
  if (typeof inputs.plan === "string") flags.push(command === "preview" ? "--save-plan" : "--plan", path.join(projectDir, inputs.plan));
  return flags;
}

describe("the github-actions example's workflows, rehearsed with the real pulumi CLI", function () {
  this.timeout(300_000);
  let emulator: Emulator;
  let stack: CliStack;
  let project: string;
  let launcher: string;
  let comments: CommentScript;
  const previewInputs = pulumiStepInputs("preview.yml");
  const upInputs = pulumiStepInputs("up.yml");

  const mailingsFile = (): string => path.join(project, "mailings.yaml");
  const experimental = { PULUMI_EXPERIMENTAL: "true" };
  const previewStep = () => stack.run(["preview", ...flagsFor(previewInputs, "preview", launcher, project)], { env: experimental });
  const mergeStep = () => stack.run(["up", "--yes", "--skip-preview", ...flagsFor(upInputs, "up", launcher, project)], { env: experimental });

  before(async () => {
    project = packedProject({ copyFrom: EXAMPLE_DIR });
    comments = require(path.join(project, ".github", "scripts", "preview-comment.js")) as CommentScript;
    emulator = await startEmulator({ tokens: [TOKEN], mailings: loadSeedFile(path.join(REPO_ROOT, "examples", "emulator-seed.json")) });
    stack = await CliStack.create({ projectDir: project, stack: "production", config: { "altcraft:baseUrl": emulator.url }, secrets: { "altcraft:token": TOKEN } });
    launcher = policyPackLauncher(stack, path.join(project, "node_modules", "pulumi-altcraft", "policy-pack"), PROJECT);
  });

  after(async () => {
    stack?.dispose();
    await emulator?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("the workflows save the reviewed plan on the pull request and apply only that plan on merge", () => {
    assert.equal(previewInputs.command, "preview");
    assert.equal(upInputs.command, "up");
    assert.equal(typeof previewInputs.plan, "string", "preview.yml saves an update plan");
    assert.equal(upInputs.plan, previewInputs.plan, "up.yml applies the plan the preview saved");
    for (const workflow of ["preview.yml", "up.yml"]) {
      assert.match(fs.readFileSync(path.join(WORKFLOWS, workflow), "utf8"), /PULUMI_EXPERIMENTAL: "?true"?/, `${workflow}: plans are experimental`);
    }
  });

  it("first merge: the PR preview and its comment announce the activations, and up --plan does exactly them", async () => {
    const preview = await previewStep();
    assert.equal(preview.code, 0, stack.lastOutput());
    const comment = comments.buildComment(preview.stdout, "production");
    assert.match(comment, /\*\*No mailing will be sent:\*\*/, comment);
    assert.ok(fs.existsSync(path.join(project, String(previewInputs.plan))), "the plan file was written");
    const since = emulator.executions.length;
    const up = await mergeStep();
    assert.equal(up.code, 0, stack.lastOutput());
    assert.deepEqual(writesSince(emulator, since).sort(), ["activate 101", "activate 102", "activate 205"]);
  });

  it("a reviewed launch: the comment's launch line is the CLI's, and the merge launches exactly it", async () => {
    fs.appendFileSync(
      mailingsFile(),
      "  weather-alert:\n    mailingId: 310\n    runNow: true\n    overrideSourceType: segment\n    overrideSourceId: 2550\n    overrideLimit: 300\n    content: { H1: Storm }\n",
    );
    const preview = await previewStep();
    assert.equal(preview.code, 0, stack.lastOutput());
    // The line under Diagnostics, as the CLI printed it.
    const diagnostics = preview.stdout.split("\nDiagnostics:\n")[1] ?? "";
    const printed = diagnostics.split("\n").map((l) => l.trim()).filter((l) => l.includes("will launch a run"));
    assert.equal(printed.length, 1, stack.lastOutput());
    assert.deepEqual(comments.launchLines(preview.stdout), printed);
    const comment = comments.buildComment(preview.stdout, "production");
    assert.ok(comment.includes(`\`\`\`text\n${printed[0]}\n\`\`\``), comment);
    const since = emulator.executions.length;
    const up = await mergeStep();
    assert.equal(up.code, 0, stack.lastOutput());
    assert.deepEqual(writesSince(emulator, since), ["activate 310"]);
    assert.deepEqual(emulator.launches().map((l) => [l.mailingId, l.runParams.override_source_id, l.runParams.override_limit]), [[310, 2550, 300]]);
  });

  for (const [what, edit] of [
    ["a new entry", (text: string) => `${text}  birthday:\n    mailingId: 400\n`],
    ["a changed run input", (text: string) => text.replace("H1: Storm", "H1: Flood")],
  ] as const) {
    it(`${what} made after the review fails the merge's up --plan, with nothing written`, async () => {
      const preview = await previewStep();
      assert.equal(preview.code, 0, stack.lastOutput());
      const reviewed = fs.readFileSync(mailingsFile(), "utf8");
      fs.writeFileSync(mailingsFile(), edit(reviewed));
      try {
        const since = emulator.executions.length;
        const launches = emulator.launches().length;
        const up = await mergeStep();
        assert.notEqual(up.code, 0, stack.lastOutput());
        assert.match(up.stdout + up.stderr, /plan/i, stack.lastOutput());
        // The reviewed plan has no change left, so nothing at all may be written (a plan is checked step by step, not
        // up front: steps it allows that come before the refused one do run, which is why this starts from none).
        assert.deepEqual(writesSince(emulator, since), []);
        assert.equal(emulator.launches().length, launches);
      } finally {
        fs.writeFileSync(mailingsFile(), reviewed);
      }
    });
  }
});
