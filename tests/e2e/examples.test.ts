/**
 * Every example under examples/ as a user runs it: the example's files copied into a project that has the `npm pack`
 * tarball installed, the stack config its README sets, and `pulumi preview`, `pulumi up`, `pulumi destroy` through the
 * real CLI against the emulator seeded with examples/emulator-seed.json. For each example this proves:
 * - preview writes nothing, and prints one `altcraft: mailing …` line per declared mailing, naming it as Altcraft does,
 *   where only a mailing with `runNow` says `will launch a run` (with its audience and limit);
 * - up writes exactly one activation per mailing, and the launches the emulator records carry the segment, limit and
 *   content of the config (launch-with-overrides, from-file's staging file);
 * - destroy deactivates every mailing (with `abortIfRunning` where the example sets it);
 * - the exported state's `__provider` is a `require("pulumi-altcraft/dist/provider…")` text, and the token is nowhere
 *   in the state (set as a secret, or passed as ALTCRAFT_TOKEN in github-actions).
 * Stacks covered: quickstart `dev`; launch-with-overrides `dev` (also the README's `runId` change: a second run);
 * from-file `staging` fully (mailings.staging.yaml), `production` preview only (mailings.production.yaml);
 * multi-environment `staging` fully (Pulumi.staging.yaml), `production` preview only (Pulumi.production.yaml);
 * github-actions `production` (its workflows are rehearsed elsewhere; here only its program).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { loadSeedFile, startEmulator, type Emulator, type RunParams, type SeedMailing } from "../../emulator";
import { CliStack, type CliResult } from "./support/cli-stack";
import { writesSince } from "./support/writes";
import { packedProject } from "./support/packed-project";
import { REPO_ROOT } from "./support/pulumi-cli";

const EXAMPLES = path.join(REPO_ROOT, "examples");
const SEED: SeedMailing[] = loadSeedFile(path.join(EXAMPLES, "emulator-seed.json"));
const TOKEN = "e2e-examples-token-8c2f";

/** One mailing an example declares, and the run its activation must carry (none when it has no `runNow`). */
interface ExpectedMailing {
  resource: string;
  mailingId: number;
  run?: RunParams;
  /** Whether its destroy must drop queued messages (`abortIfRunning`). */
  abort: boolean;
}

/** One `altcraft: mailing <id> "<name>" (<type>): <what up does>` line of the CLI's output. */
interface PlanLine {
  mailingId: number;
  name: string;
  type: string;
  says: string;
}

/** An example, the stack it is run as, and what that stack declares. */
interface ExampleSpec {
  example: string;
  stack: string;
  /** Stack config besides the connection (full keys). */
  config?: Record<string, string>;
  /** Pass the token as ALTCRAFT_TOKEN instead of the secret `altcraft:token` (github-actions). */
  tokenFromEnv?: boolean;
  expected: ExpectedMailing[];
}

/** Everything a describe's steps share. */
interface ExampleRun {
  emulator: Emulator;
  stack: CliStack;
  project: string;
  /** The mutating calls executed since `since`, as `endpoint id`. */
  writesSince(since: number): string[];
  /** Runs a program command with the token in the environment when the example takes it from there. */
  run(args: readonly string[]): Promise<CliResult>;
}

/** The project's name in the example's Pulumi.yaml (the namespace of its config keys). */
function projectName(example: string): string {
  return String((parseYaml(fs.readFileSync(path.join(EXAMPLES, example, "Pulumi.yaml"), "utf8")) as { name: string }).name);
}

/** A config value of the example's Pulumi.<stack>.yaml. */
function stackFileValue(example: string, stack: string, key: string): string {
  const file = parseYaml(fs.readFileSync(path.join(EXAMPLES, example, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const value = file.config[key];
  assert.ok(value !== undefined, `Pulumi.${stack}.yaml sets ${key}`);
  return String(value);
}

/** A project config default of the example's Pulumi.yaml. */
function projectDefault(example: string, key: string): unknown {
  const file = parseYaml(fs.readFileSync(path.join(EXAMPLES, example, "Pulumi.yaml"), "utf8")) as { config: Record<string, { default?: unknown }> };
  const value = file.config[key]?.default;
  assert.ok(value !== undefined, `Pulumi.yaml gives ${key} a default`);
  return value;
}

/** The mailings of a mailings file (the example's own YAML, read without the package's loader), with their runs. */
function mailingsFile(example: string, file: string): ExpectedMailing[] {
  const parsed = parseYaml(fs.readFileSync(path.join(EXAMPLES, example, file), "utf8")) as { mailings: Record<string, Record<string, unknown>> };
  return Object.entries(parsed.mailings).map(([resource, entry]) => {
    const run: RunParams | undefined =
      entry.runNow === true
        ? {
            override_source_type: entry.overrideSourceType as RunParams["override_source_type"],
            override_source_id: entry.overrideSourceId as number,
            override_limit: entry.overrideLimit as number,
            content: entry.content as Record<string, unknown>,
          }
        : undefined;
    return { resource, mailingId: Number(entry.mailingId), run, abort: entry.abortIfRunning === true };
  });
}

/** The seed's record of a mailing. */
function seeded(id: number): SeedMailing {
  const mailing = SEED.find((m) => m.id === id);
  assert.ok(mailing, `examples/emulator-seed.json has mailing ${id}`);
  return mailing;
}

/** Every `altcraft: mailing …` line the CLI printed (its Diagnostics section: one per line, nothing before it). */
function planLines(stdout: string): PlanLine[] {
  const lines: PlanLine[] = [];
  for (const raw of stdout.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("altcraft: mailing")) continue;
    const match = /^altcraft: mailing (\d+) "([^"]*)" \(([a-z]+)\): (.*)$/.exec(line);
    assert.ok(match, `a line in the provider's format: ${line}`);
    lines.push({ mailingId: Number(match[1]), name: match[2]!, type: match[3]!, says: match[4]! });
  }
  return lines;
}

/** The words the preview must use for a launch of `run`: its audience and its limit. */
function launchWords(run: RunParams): string {
  return `will launch a run to ${run.override_source_type} ${run.override_source_id}, limit ${run.override_limit}`;
}

/** Asserts the preview lines: one per expected mailing, named as seeded, and `will launch a run` exactly for runs. */
function assertPlanLines(stdout: string, expected: ExpectedMailing[], transcript: string): void {
  const lines = planLines(stdout);
  assert.deepEqual(
    lines.map((l) => l.mailingId).sort((a, b) => a - b),
    expected.map((m) => m.mailingId).sort((a, b) => a - b),
    `one line per declared mailing:\n${transcript}`,
  );
  for (const mailing of expected) {
    const line = lines.find((l) => l.mailingId === mailing.mailingId)!;
    const seed = seeded(mailing.mailingId);
    assert.equal(line.name, seed.name, transcript);
    assert.equal(line.type, seed.type, transcript);
    if (mailing.run) {
      assert.ok(line.says.startsWith(launchWords(mailing.run)), `${line.says}\n${transcript}`);
      for (const key of Object.keys(mailing.run.content ?? {})) assert.match(line.says, new RegExp(`content keys .*\\b${key}\\b`), transcript);
    } else {
      assert.doesNotMatch(line.says, /will launch a run/, transcript);
      assert.equal(line.says, "up switches it on without launching a run", transcript);
    }
  }
}

/** Asserts what every stack's exported state must hold: the package's provider text, and no token anywhere. */
async function assertStateHygiene(stack: CliStack, expected: ExpectedMailing[]): Promise<void> {
  const state = await stack.exportState();
  assert.ok(!JSON.stringify(state).includes(TOKEN), "the token is nowhere in the exported state");
  const mailings = await stack.mailings();
  assert.deepEqual([...mailings.keys()].sort(), expected.map((m) => m.resource).sort());
  for (const [name, resource] of mailings) {
    for (const bag of [resource.inputs, resource.outputs]) {
      assert.match(String(bag?.__provider), /^const provider = require\("pulumi-altcraft\/dist\/provider[^"]*"\);$/m, `${name}: __provider`);
    }
    const mailing = expected.find((m) => m.resource === name)!;
    assert.equal(resource.id, String(mailing.mailingId));
    assert.equal(resource.outputs?.isActive, true, `${name} is recorded active`);
  }
}

/** The examples a describe below runs. */
const covered = new Set<string>();

/**
 * The describe of one example: preview, up, the extra steps of `between` (after up, before destroy), destroy.
 */
function describeExample(spec: ExampleSpec, between: (ctx: () => ExampleRun) => void = () => undefined): void {
  covered.add(spec.example);
  describe(`examples/${spec.example} (stack ${spec.stack}) through the real pulumi CLI`, function () {
    this.timeout(180_000);
    let ctx: ExampleRun | undefined;
    let emulator: Emulator | undefined;
    let project: string | undefined;
    let stack: CliStack | undefined;
    const current = (): ExampleRun => {
      assert.ok(ctx, "the example's stack was set up");
      return ctx;
    };

    before(async () => {
      const started = (emulator = await startEmulator({ tokens: [TOKEN], mailings: SEED }));
      project = packedProject({ copyFrom: path.join(EXAMPLES, spec.example) });
      const env = spec.tokenFromEnv ? { ALTCRAFT_TOKEN: TOKEN } : undefined;
      const created = (stack = await CliStack.create({
        projectDir: project,
        stack: spec.stack,
        config: { "altcraft:baseUrl": started.url, ...spec.config },
        secrets: spec.tokenFromEnv ? {} : { "altcraft:token": TOKEN },
      }));
      ctx = {
        emulator: started,
        project,
        stack: created,
        writesSince: (since) => writesSince(started, since),
        run: (args) => created.run(args, env ? { env } : {}),
      };
    });

    after(async () => {
      stack?.dispose();
      await emulator?.close();
      if (project) fs.rmSync(project, { recursive: true, force: true });
    });

    const ok = async (args: readonly string[]): Promise<CliResult> => {
      const result = await current().run(args);
      assert.equal(result.code, 0, current().stack.lastOutput());
      return result;
    };

    it("preview: one line per mailing, only a run says `will launch a run`, nothing written", async () => {
      const { emulator, stack, writesSince } = current();
      const since = emulator.executions.length;
      const { stdout } = await ok(["preview"]);
      assert.deepEqual(writesSince(since), [], stack.lastOutput());
      assert.ok(emulator.executions.length > since, "the preview read the mailings (altcraft:verifyOnPreview)");
      assertPlanLines(stdout, spec.expected, stack.lastOutput());
      assert.match(stdout, new RegExp(`\\+ ${spec.expected.length + 1} to create`), stack.lastOutput());
    });

    it("up: exactly one activation per mailing; launches only for runs, with the config's segment, limit and content", async () => {
      const { emulator, stack, writesSince } = current();
      const since = emulator.executions.length;
      const { stdout } = await ok(["up", "--yes", "--skip-preview"]);
      assert.deepEqual(writesSince(since).sort(), spec.expected.map((m) => `activate ${m.mailingId}`).sort(), stack.lastOutput());
      assertPlanLines(stdout, spec.expected, stack.lastOutput());
      assert.match(stdout, new RegExp(`\\+ ${spec.expected.length + 1} created`), stack.lastOutput());
      for (const mailing of spec.expected) {
        assert.equal(emulator.mailing(mailing.mailingId)?.isActive, true, `mailing ${mailing.mailingId} is active`);
        const launches = emulator.launches(mailing.mailingId);
        if (mailing.run) {
          assert.equal(launches.length, 1, `one run of mailing ${mailing.mailingId}`);
          assert.deepEqual(launches[0]!.runParams, mailing.run);
        } else {
          assert.deepEqual(launches, [], `no run of mailing ${mailing.mailingId}`);
        }
      }
      await assertStateHygiene(stack, spec.expected);
    });

    between(current);

    it("destroy: deactivates each mailing, with abortIfRunning where the example sets it", async () => {
      const { emulator, stack, writesSince } = current();
      const since = emulator.executions.length;
      await ok(["destroy", "--yes", "--skip-preview"]);
      assert.deepEqual(writesSince(since).sort(), spec.expected.map((m) => `deactivate ${m.mailingId}`).sort(), stack.lastOutput());
      for (const mailing of spec.expected) {
        assert.equal(emulator.mailing(mailing.mailingId)?.isActive, false, `mailing ${mailing.mailingId} is off`);
        const call = emulator.executions.slice(since).find((e) => e.endpoint === "deactivate" && e.mailingId === mailing.mailingId);
        assert.equal(call?.params.abort_if_running === true, mailing.abort, `abort_if_running of mailing ${mailing.mailingId}`);
      }
      assert.equal((await stack.mailings()).size, 0);
      assert.ok(!JSON.stringify(await stack.exportState()).includes(TOKEN), "the token is nowhere in the exported state");
    });
  });
}

/** A preview of another stack of the same example's project: its own lines, nothing written. */
function previewOtherStack(ctx: () => ExampleRun, stackName: string, expected: () => ExpectedMailing[]): void {
  it(`stack ${stackName} of the same project: preview names its own mailings and writes nothing`, async () => {
    const { emulator, project, writesSince } = ctx();
    const other = await CliStack.create({
      projectDir: project,
      stack: stackName,
      config: { "altcraft:baseUrl": emulator.url },
      secrets: { "altcraft:token": TOKEN },
    });
    try {
      const since = emulator.executions.length;
      const result = await other.run(["preview"]);
      assert.equal(result.code, 0, other.lastOutput());
      assert.deepEqual(writesSince(since), [], other.lastOutput());
      assertPlanLines(result.stdout, expected(), other.lastOutput());
    } finally {
      other.dispose();
    }
  });
}

// --- quickstart: the README's `dev` stack with mailingId 101.
const quickstartId = 101;
describeExample({
  example: "quickstart",
  stack: "dev",
  config: { [`${projectName("quickstart")}:mailingId`]: String(quickstartId) },
  expected: [{ resource: "welcome-series", mailingId: quickstartId, abort: false }],
});

// --- launch-with-overrides: the README's `dev` stack, mailingId 310 to segment 77; limit and promoCode by default.
const launch = { mailingId: 310, segmentId: 77 };
const launchProject = projectName("launch-with-overrides");
const launchRun = (): RunParams => ({
  override_source_type: "segment",
  override_source_id: launch.segmentId,
  override_limit: Number(projectDefault("launch-with-overrides", "sendLimit")),
  content: { promoCode: String(projectDefault("launch-with-overrides", "promoCode")), discountPercent: 15 },
});
describeExample(
  {
    example: "launch-with-overrides",
    stack: "dev",
    config: { [`${launchProject}:mailingId`]: String(launch.mailingId), [`${launchProject}:segmentId`]: String(launch.segmentId) },
    expected: [{ resource: "spring-sale", mailingId: launch.mailingId, run: launchRun(), abort: true }],
  },
  (ctx) => {
    it("README: up again with nothing changed: 1 read, no write, no new run", async () => {
      const { emulator, stack } = ctx();
      const since = emulator.executions.length;
      const result = await ctx().run(["up", "--yes", "--skip-preview"]);
      assert.equal(result.code, 0, stack.lastOutput());
      assert.deepEqual(emulator.executions.slice(since).map((e) => `${e.endpoint} ${e.mailingId}`), [`get ${launch.mailingId}`], "1 read");
      assert.equal(emulator.launches(launch.mailingId).length, 1);
      assert.deepEqual(planLines(result.stdout).map((l) => l.says), ["no change; nothing is sent"], stack.lastOutput());
    });

    it("README: `runId` 2 previews `update spring-sale` and `will launch a run` with no write; up sends the second run", async () => {
      const { emulator, stack, writesSince } = ctx();
      await stack.pulumiOk(["config", "set", `${launchProject}:runId`, "2", "--stack", stack.stack]);
      let since = emulator.executions.length;
      const preview = await ctx().run(["preview"]);
      assert.equal(preview.code, 0, stack.lastOutput());
      assert.deepEqual(emulator.executions.slice(since).map((e) => `${e.endpoint} ${e.mailingId}`), [`get ${launch.mailingId}`], "one read, no write");
      assert.match(preview.stdout, /~ +pulumi-nodejs:dynamic\/altcraft:ActivatedMailing spring-sale update/, stack.lastOutput());
      const lines = planLines(preview.stdout);
      assert.equal(lines.length, 1, stack.lastOutput());
      assert.ok(lines[0]!.says.startsWith(launchWords(launchRun())), stack.lastOutput());
      since = emulator.executions.length;
      const up = await ctx().run(["up", "--yes", "--skip-preview"]);
      assert.equal(up.code, 0, stack.lastOutput());
      assert.deepEqual(writesSince(since), [`activate ${launch.mailingId}`]);
      const launches = emulator.launches(launch.mailingId);
      assert.equal(launches.length, 2, "a second run");
      assert.deepEqual(launches[1]!.runParams, launchRun());
      assert.notEqual(launches[1]!.requestId, launches[0]!.requestId, "a new run is a new Request-ID");
    });
  },
);

// --- from-file: stack `staging` reads mailings.staging.yaml (a test launch to the QA segment); `production` previewed.
describeExample(
  { example: "from-file", stack: "staging", expected: mailingsFile("from-file", "mailings.staging.yaml") },
  (ctx) => {
    it("the stack output names the file the stack used", async () => {
      const { stack } = ctx();
      const { stdout } = await stack.pulumiOk(["stack", "output", "mailingsFile", "--stack", stack.stack]);
      assert.equal(stdout.trim(), "mailings.staging.yaml");
    });
    previewOtherStack(ctx, "production", () => mailingsFile("from-file", "mailings.production.yaml"));
  },
);

// --- multi-environment: stack `staging` with the ids of Pulumi.staging.yaml; `production` previewed with its own.
const multiProject = projectName("multi-environment");
const multiMailings = (stack: string): ExpectedMailing[] => [
  { resource: "welcome-series", mailingId: Number(stackFileValue("multi-environment", stack, `${multiProject}:welcomeMailingId`)), abort: false },
  // index.ts: `abortIfRunning: stack !== "production"`.
  { resource: "weekly-digest", mailingId: Number(stackFileValue("multi-environment", stack, `${multiProject}:digestMailingId`)), abort: stack !== "production" },
];
describeExample({ example: "multi-environment", stack: "staging", expected: multiMailings("staging") }, (ctx) => {
  previewOtherStack(ctx, "production", () => multiMailings("production"));
});

// --- github-actions: its `production` stack, the token from ALTCRAFT_TOKEN as the workflows pass it.
describeExample({ example: "github-actions", stack: "production", tokenFromEnv: true, expected: mailingsFile("github-actions", "mailings.yaml") });

describe("examples/: every example has its end-to-end describe above", () => {
  it("covers each folder under examples/", () => {
    const folders = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    assert.deepEqual([...covered].sort(), folders.sort());
  });
});
