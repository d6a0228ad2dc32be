/**
 * Every program (the root program and each example) run once the way the Pulumi CLI runs it by default: ts-node
 * type-checking the program (no PULUMI_NODEJS_TRANSPILE_ONLY). The other tests run transpile-only for speed, which
 * would let a type error in an example through; here it fails the run.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { loadSeedFile } from "../../emulator";
import { EmulatedStack, logText, mailingOperations, previewReads, REPO_ROOT, startEmulatedWorld, type EmulatedWorld } from "./support/emulatedStack";

interface TypeCheckedProgram {
  /** The folder the CLI runs the program in (where `main` points). */
  dir: string;
  project: string;
  stack: string;
  /** Stack config, full keys, as the committed stack file or `pulumi config set` holds it. */
  config?: Record<string, string>;
  /** The preview's ActivatedMailing operations. */
  operations: string[];
  /** The mailings the preview reads (once each). */
  reads: number[];
}

/** The `config:` of a committed Pulumi.<stack>.yaml, as strings. */
function stackFileConfig(dir: string, stack: string): Record<string, string> {
  const file = parse(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(file.config).map(([key, value]) => [key, String(value)]));
}

const EXAMPLES = path.join(REPO_ROOT, "examples");
const PROGRAMS: Record<string, TypeCheckedProgram> = {
  // Pulumi.yaml at the root says `main: program/index.ts`; the CLI runs it with program/ as the working directory.
  "the root program (mailings.yaml)": {
    dir: path.join(REPO_ROOT, "program"),
    project: "altcraft-mailings",
    stack: "dev",
    operations: ["create welcome-series", "create abandoned-cart", "create weekly-digest"],
    reads: [101, 102, 205],
  },
  "examples/quickstart": {
    dir: path.join(EXAMPLES, "quickstart"),
    project: "altcraft-quickstart",
    stack: "dev",
    config: { "altcraft-quickstart:mailingId": "101" },
    operations: ["create welcome-series"],
    reads: [101],
  },
  "examples/from-file": {
    dir: path.join(EXAMPLES, "from-file"),
    project: "altcraft-from-file",
    stack: "dev",
    operations: ["create welcome-series", "create abandoned-cart"],
    reads: [101, 102],
  },
  "examples/launch-with-overrides": {
    dir: path.join(EXAMPLES, "launch-with-overrides"),
    project: "altcraft-launch-with-overrides",
    stack: "dev",
    config: { "altcraft-launch-with-overrides:mailingId": "310", "altcraft-launch-with-overrides:segmentId": "77" },
    operations: ["create spring-sale"],
    reads: [310],
  },
  "examples/multi-environment (staging)": {
    dir: path.join(EXAMPLES, "multi-environment"),
    project: "altcraft-multi-environment",
    stack: "staging",
    config: stackFileConfig(path.join(EXAMPLES, "multi-environment"), "staging"),
    operations: ["create welcome-series", "create weekly-digest"],
    reads: [11, 12],
  },
  "examples/github-actions (production)": {
    dir: path.join(EXAMPLES, "github-actions"),
    project: "altcraft-github-actions",
    stack: "production",
    config: stackFileConfig(path.join(EXAMPLES, "github-actions"), "production"),
    operations: ["create welcome-series", "create abandoned-cart", "create weekly-digest"],
    reads: [101, 102, 205],
  },
};

describe("every program runs type-checked, as the Pulumi CLI runs TypeScript by default", function () {
  this.timeout(180_000);
  let world: EmulatedWorld;

  before(async () => {
    world = await startEmulatedWorld(REPO_ROOT, "type-checked", loadSeedFile(path.join(EXAMPLES, "emulator-seed.json")));
  });

  after(async () => {
    await world?.close();
  });

  it("covers the root program and every example folder", () => {
    const exampleDirs = fs
      .readdirSync(EXAMPLES, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXAMPLES, d.name, "index.ts")))
      .map((d) => path.join(EXAMPLES, d.name));
    const covered = new Set(Object.values(PROGRAMS).map((p) => p.dir));
    for (const dir of exampleDirs) assert.ok(covered.has(dir), `${path.relative(REPO_ROOT, dir)} has no type-checked run`);
    const root = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { main?: string };
    assert.ok(covered.has(path.dirname(path.join(REPO_ROOT, root.main ?? "index.ts"))), "the root program's main folder is covered");
  });

  for (const [name, program] of Object.entries(PROGRAMS)) {
    it(`${name}: preview passes the type check and plans its mailings`, async () => {
      const stack = new EmulatedStack(world.emulator, world.host, program.dir, program.project, program.stack, {
        ...program.config,
        "altcraft:baseUrl": world.emulator.url,
      });
      const since = world.emulator.requests.length;
      const result = await stack.run({ dryRun: true, typeCheck: true });
      const log = logText(result);
      assert.doesNotMatch(log, /TSError|error TS\d+/, `a type error:\n${log}`);
      assert.equal(result.exitCode, 0, log);
      assert.deepEqual(mailingOperations(result), program.operations);
      assert.deepEqual(previewReads(world.emulator, since), program.reads);
    });
  }
});
