/**
 * Two user paths through the real `pulumi` CLI, in projects with the `npm pack` tarball installed:
 *
 * a. Upgrading from 0.1.0. A 0.1.0 user's state stores 0.1.0's `__provider` text (tests/fixtures/provider-text/,
 *    which loads `provider.js` → `RUNTIME_MODULE` → the v0 functions of `runtime.js` of the installed package) and
 *    lacks the outputs added since. The state is made with today's package, then rewritten to exactly that with
 *    `pulumi stack export` → edit → `pulumi stack import --file`. With today's package: `refresh` only reads;
 *    `up` with nothing changed, and `up` with a changed non-run input (`abortIfRunning`), write nothing and launch
 *    nothing, and store today's `__provider`; `destroy` from the 0.1.0 state deactivates every mailing, with the stored
 *    `abortIfRunning`.
 * b. `pulumi import` of an `ActivatedMailing`: what a user gets (a failure: dynamic providers cannot be imported,
 *    pulumi/pulumi#16175), with nothing sent to Altcraft and nothing in state; then the adoption docs/provider.md
 *    recommends instead: declare the mailing that is already active, and the first `up` records it with one read and
 *    no write.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadSeedFile, startEmulator, type Emulator } from "../../emulator";
import { MUTATING_ENDPOINTS } from "../../sdk/endpoints";
import { ACTIVATED_MAILING, CliStack, type CliResult, type StateResource } from "./support/cli-stack";
import { packedProject } from "./support/packed-project";
import { REPO_ROOT } from "./support/pulumi-cli";

const TOKEN = "e2e-upgrade-token-41b7";
const SEED = loadSeedFile(path.join(REPO_ROOT, "examples", "emulator-seed.json"));
const FIXTURES = path.join(REPO_ROOT, "tests", "fixtures", "provider-text");
/** The exact `__provider` text 0.1.0 stored (see tests/fixtures/provider-text/README.md). */
const TEXT_0_1_0 = fs.readFileSync(path.join(FIXTURES, "0.1.0-000b186.js"), "utf8");
/** Inputs and outputs this release added since 0.1.0 (as tests/lifecycle/upgrade-fixtures.test.ts): 0.1.0 state has none. */
const ADDED_SINCE_0_1_0 = ["declaredBy", "onManualPause", "runLaunched", "pausedOutsidePulumi"];
/** Today's text is a `require` of the installed package, not code. */
const TODAY_TEXT = /^const provider = require\("pulumi-altcraft\/dist\/provider[^"]*"\);$/m;

/** The mutating calls `emulator` executed since `since`, as `endpoint id`. */
function writesSince(emulator: Emulator, since: number): string[] {
  return emulator.executions.slice(since).filter((e) => MUTATING_ENDPOINTS.has(e.endpoint)).map((e) => `${e.endpoint} ${e.mailingId}`);
}

/** Every call `emulator` executed since `since`, as `endpoint id`. */
function callsSince(emulator: Emulator, since: number): string[] {
  return emulator.executions.slice(since).map((e) => `${e.endpoint} ${e.mailingId}`);
}

/** Runs a program command; fails with the transcript unless it exits 0. */
async function ok(stack: CliStack, args: readonly string[]): Promise<CliResult> {
  const result = await stack.run(args);
  assert.equal(result.code, 0, stack.lastOutput());
  return result;
}

describe("upgrade: state written by 0.1.0, driven by today's package through the real pulumi CLI", function () {
  this.timeout(240_000);
  const project = "altcraft-upgrade";
  const sale = { resource: "spring-sale", mailingId: 310 };
  const welcome = { resource: "welcome-series", mailingId: 101 };
  let emulator: Emulator;
  let projectDir: string | undefined;
  let stack: CliStack | undefined;
  /** What today's package stored as `__provider` on the first `up`. */
  let todayText = "";

  /** The stack, once `before` made it. */
  const current = (): CliStack => {
    assert.ok(stack, "the stack was created");
    return stack;
  };

  /** `pulumi stack export` → every ActivatedMailing as 0.1.0 wrote it → `pulumi stack import --file`. */
  async function rewriteAs010(): Promise<void> {
    const state = await current().exportState();
    let rewritten = 0;
    for (const resource of state.deployment.resources ?? []) {
      if (resource.type !== ACTIVATED_MAILING) continue;
      for (const bag of [resource.inputs, resource.outputs]) {
        assert.ok(bag, `${resource.urn} has inputs and outputs`);
        bag.__provider = TEXT_0_1_0;
        for (const key of ADDED_SINCE_0_1_0) delete bag[key];
      }
      rewritten++;
    }
    assert.equal(rewritten, 2, "both mailings are in state");
    const file = path.join(current().work, "state-0.1.0.json");
    fs.writeFileSync(file, JSON.stringify(state, null, 2));
    await current().pulumiOk(["stack", "import", "--file", file, "--stack", current().stack]);
  }

  /** Asserts the `__provider` of both mailings, inputs and outputs. */
  async function assertProviderText(expected: (text: string) => boolean, what: string): Promise<Map<string, StateResource>> {
    const mailings = await current().mailings();
    assert.deepEqual([...mailings.keys()].sort(), [sale.resource, welcome.resource].sort());
    for (const [name, resource] of mailings) {
      for (const bag of [resource.inputs, resource.outputs]) assert.ok(expected(String(bag?.__provider)), `${name}: __provider is ${what}`);
    }
    return mailings;
  }

  /** docs/provider.md: an `up` whose change is not a run input "updates state only"; the provider's line says so. */
  function assertStateOnlyLines(stdout: string): void {
    const lines = stdout.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("altcraft: mailing"));
    assert.deepEqual(
      lines.map((l) => /^altcraft: mailing (\d+) /.exec(l)?.[1]).sort(),
      [String(sale.mailingId), String(welcome.mailingId)].sort(),
      current().lastOutput(),
    );
    for (const line of lines) assert.match(line, /: up updates the recorded state only; nothing is sent$/, current().lastOutput());
  }

  before(async () => {
    emulator = await startEmulator({ tokens: [TOKEN], mailings: SEED });
    projectDir = packedProject({
      files: {
        "Pulumi.yaml": `name: ${project}\nruntime: nodejs\nmain: index.ts\n`,
        "index.ts": [
          `import * as pulumi from "@pulumi/pulumi";`,
          `import { ActivatedMailing, installErrorStackGuard } from "pulumi-altcraft";`,
          `installErrorStackGuard();`,
          `const config = new pulumi.Config();`,
          `export const saleStatus = new ActivatedMailing(${JSON.stringify(sale.resource)}, {`,
          `  mailingId: ${sale.mailingId}, runNow: true, overrideSourceType: "segment", overrideSourceId: 77, overrideLimit: 100,`,
          `  content: { promoCode: "SPRING26" }, abortIfRunning: config.getBoolean("abortIfRunning") ?? false,`,
          `}).status;`,
          `export const welcomeStatus = new ActivatedMailing(${JSON.stringify(welcome.resource)}, { mailingId: ${welcome.mailingId} }).status;`,
          ``,
        ].join("\n"),
      },
    });
    stack = await CliStack.create({ projectDir, config: { "altcraft:baseUrl": emulator.url }, secrets: { "altcraft:token": TOKEN } });
  });

  after(async () => {
    stack?.dispose();
    await emulator?.close();
    if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
  });

  it("today's package: up activates both and launches the sale once; __provider is a require of the package", async () => {
    const since = emulator.executions.length;
    await ok(current(), ["up", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since).sort(), [`activate ${welcome.mailingId}`, `activate ${sale.mailingId}`].sort());
    assert.equal(emulator.launches(sale.mailingId).length, 1);
    const mailings = await assertProviderText((text) => TODAY_TEXT.test(text), "today's require");
    todayText = String(mailings.get(sale.resource)?.outputs?.__provider);
    assert.ok(!JSON.stringify(await current().exportState()).includes(TOKEN), "the token is nowhere in state");
  });

  it("stack export → edit → stack import: the state now is what a 0.1.0 user's holds", async () => {
    await rewriteAs010();
    const mailings = await assertProviderText((text) => text === TEXT_0_1_0, "0.1.0's text");
    for (const resource of mailings.values()) {
      for (const key of ADDED_SINCE_0_1_0) assert.equal(resource.outputs?.[key], undefined, `${key} is not in 0.1.0 state`);
    }
    assert.match(TEXT_0_1_0, /RUNTIME_MODULE/, "0.1.0's text loads the runtime the installed package names");
  });

  it("refresh runs the 0.1.0 text against the installed package: reads each mailing, writes nothing", async () => {
    const since = emulator.executions.length;
    await ok(current(), ["refresh", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since), [], current().lastOutput());
    assert.deepEqual(callsSince(emulator, since).sort(), [`get ${sale.mailingId}`, `get ${welcome.mailingId}`].sort(), "1 read per mailing");
    // Refresh runs, and keeps, the stored text; the output 0.1.0 never wrote comes from today's runtime behind it.
    const mailings = await assertProviderText((text) => text === TEXT_0_1_0, "still 0.1.0's text");
    for (const [name, resource] of mailings) {
      assert.equal(resource.outputs?.isActive, true, `${name} refreshed as active`);
      assert.equal(resource.outputs?.pausedOutsidePulumi, false, `${name}: read by the installed runtime through 0.1.0's entry points`);
    }
    assert.equal(emulator.launches(sale.mailingId).length, 1);
  });

  it("up with nothing changed: no write, no launch, and today's __provider is stored", async () => {
    const since = emulator.executions.length;
    const { stdout } = await ok(current(), ["up", "--yes", "--skip-preview"]);
    assert.deepEqual(callsSince(emulator, since).sort(), [`get ${sale.mailingId}`, `get ${welcome.mailingId}`].sort(), "1 read per mailing, no write");
    assert.equal(emulator.launches(sale.mailingId).length, 1, "the upgrade launches nothing");
    assert.doesNotMatch(stdout, /will launch a run/, current().lastOutput());
    assertStateOnlyLines(stdout);
    const mailings = await assertProviderText((text) => text === todayText, "today's text");
    for (const [name, resource] of mailings) {
      assert.equal(resource.inputs?.declaredBy, `${project}/${current().stack}/${name}`, "declaredBy, which 0.1.0 state lacks, is filled in");
    }
  });

  it("from 0.1.0 state again, up with a changed non-run input (abortIfRunning): state only, no write, no launch", async () => {
    await rewriteAs010();
    await current().pulumiOk(["config", "set", `${project}:abortIfRunning`, "true", "--stack", current().stack]);
    const since = emulator.executions.length;
    const { stdout } = await ok(current(), ["up", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since), [], current().lastOutput());
    assert.equal(emulator.launches(sale.mailingId).length, 1, "no run for a non-run input");
    assert.doesNotMatch(stdout, /will launch a run/, current().lastOutput());
    assertStateOnlyLines(stdout);
    assert.match(stdout, /~ +pulumi-nodejs:dynamic\/altcraft:ActivatedMailing spring-sale updated?/, current().lastOutput());
    const mailings = await assertProviderText((text) => text === todayText, "today's text");
    assert.equal(mailings.get(sale.resource)?.outputs?.abortIfRunning, true);
    assert.equal(mailings.get(sale.resource)?.outputs?.isActive, true);
  });

  it("destroy from 0.1.0 state deactivates each mailing, with the stored abortIfRunning", async () => {
    await rewriteAs010();
    await assertProviderText((text) => text === TEXT_0_1_0, "0.1.0's text before the destroy");
    const since = emulator.executions.length;
    await ok(current(), ["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since).sort(), [`deactivate ${welcome.mailingId}`, `deactivate ${sale.mailingId}`].sort());
    const deactivations = emulator.executions.slice(since).filter((e) => e.endpoint === "deactivate");
    assert.equal(deactivations.find((e) => e.mailingId === sale.mailingId)?.params.abort_if_running, true);
    assert.notEqual(deactivations.find((e) => e.mailingId === welcome.mailingId)?.params.abort_if_running, true);
    for (const id of [sale.mailingId, welcome.mailingId]) assert.equal(emulator.mailing(id)?.isActive, false, `mailing ${id} is off`);
    assert.equal((await current().mailings()).size, 0);
  });
});

/**
 * A `pulumi-language-nodejs` for `pulumi import` in this environment, which has no Node.js language host: it serves
 * `@pulumi/pulumi`'s own `LanguageServer` (automation/server.js, as scripts/pulumi-inline.js does) with a program that
 * declares nothing, and prints its port as a language plugin does. `pulumi import` runs no program; the engine only
 * needs a language plugin for the project's runtime. What the import then does is the engine's and the dynamic
 * provider's own. Returns the folder to put first on PATH.
 */
function languageHostStandIn(work: string, projectDir: string): string {
  const dir = fs.mkdtempSync(path.join(work, "language-host-"));
  const host = path.join(dir, "host.js");
  fs.writeFileSync(
    host,
    [
      `"use strict";`,
      `const path = require("node:path");`,
      `const root = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [${JSON.stringify(projectDir)}] }));`,
      `const grpc = require(require.resolve("@grpc/grpc-js", { paths: [root] }));`,
      `const { LanguageServer } = require(path.join(root, "automation", "server.js"));`,
      `const { LanguageRuntimeService } = require(path.join(root, "proto", "language_grpc_pb.js"));`,
      `const server = new grpc.Server();`,
      `server.addService(LanguageRuntimeService, new LanguageServer(async () => undefined));`,
      `server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {`,
      `  if (error) { process.stderr.write(String(error) + "\\n"); process.exit(1); }`,
      `  process.stdout.write(port + "\\n");`,
      `});`,
      ``,
    ].join("\n"),
  );
  fs.writeFileSync(path.join(dir, "pulumi-language-nodejs"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(host)} "$@"\n`, { mode: 0o755 });
  return dir;
}

describe("pulumi import of an ActivatedMailing, then the adoption docs/provider.md recommends, through the real pulumi CLI", function () {
  this.timeout(180_000);
  /** Mailing 400 is active in examples/emulator-seed.json: it runs today, outside any stack. */
  const active = SEED.find((m) => m.isActive === true);
  const resource = "welcome-series"; // the quickstart's resource, declared with the active mailing's id
  let emulator: Emulator;
  let projectDir: string | undefined;
  let stack: CliStack | undefined;

  const current = (): CliStack => {
    assert.ok(stack, "the stack was created");
    return stack;
  };
  const mailingId = (): number => {
    assert.ok(active, "the seed has an active mailing");
    return active.id;
  };
  const importArgs = (): string[] => ["import", ACTIVATED_MAILING, resource, String(mailingId()), "--yes"];

  /** Asserts that nothing reached the emulator since `requests` and the state holds no ActivatedMailing. */
  async function assertUntouched(requests: number): Promise<void> {
    assert.equal(emulator.requests.length, requests, "no API request at all");
    assert.equal(emulator.mailing(mailingId())?.isActive, true);
    assert.equal((await current().mailings()).size, 0, "no ActivatedMailing in state");
  }

  before(async () => {
    emulator = await startEmulator({ tokens: [TOKEN], mailings: SEED });
    projectDir = packedProject({ copyFrom: path.join(REPO_ROOT, "examples", "quickstart") });
    stack = await CliStack.create({
      projectDir,
      stack: "dev",
      config: { "altcraft:baseUrl": emulator.url, "altcraft-quickstart:mailingId": String(mailingId()) },
      secrets: { "altcraft:token": TOKEN },
    });
  });

  after(async () => {
    stack?.dispose();
    await emulator?.close();
    if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
  });

  it("pulumi import as typed (this CLI build, no Node.js language host): fails before any provider call", async () => {
    const requests = emulator.requests.length;
    await assert.rejects(current().pulumiOk([...importArgs(), "--stack", current().stack]), (error: Error) => {
      assert.match(error.message, /\(exit 1\)/);
      assert.match(error.message, /error: failed to load language plugin nodejs: no language plugin 'pulumi-language-nodejs' found/);
      return true;
    });
    // The inline runner serves programs only; `import` runs none, so it reaches the same CLI the same way.
    const viaRunner = await current().run(importArgs());
    assert.equal(viaRunner.code, 1, current().lastOutput());
    assert.match(viaRunner.stderr, /error: failed to load language plugin nodejs: no language plugin 'pulumi-language-nodejs' found/);
    await assertUntouched(requests);
  });

  it("pulumi import with a Node.js language host: the dynamic provider cannot read it (pulumi/pulumi#16175)", async () => {
    const requests = emulator.requests.length;
    const hostDir = languageHostStandIn(current().work, current().projectDir);
    const result = await current().run(importArgs(), { env: { PATH: `${hostDir}${path.delimiter}${current().env().PATH}` } });
    const out = current().lastOutput();
    assert.equal(result.code, 1, out);
    assert.match(result.stdout, new RegExp(`= +pulumi-nodejs:dynamic/altcraft:ActivatedMailing ${resource} import`), out);
    assert.match(result.stdout, /error: Preview failed: code must be a string, not undefined/, out);
    assert.match(result.stdout, /error: preview failed: step application failed: code must be a string, not undefined/, out);
    await assertUntouched(requests);
  });

  it("adoption instead: preview says it is already active; the first up records it with 1 read and 0 writes", async () => {
    let since = emulator.executions.length;
    const preview = await ok(current(), ["preview"]);
    assert.deepEqual(writesSince(emulator, since), []);
    const lines = preview.stdout.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("altcraft: mailing"));
    assert.deepEqual(lines, [`altcraft: mailing ${mailingId()} "${active?.name}" (${active?.type}): already active; up records it and sends nothing`], current().lastOutput());

    since = emulator.executions.length;
    const up = await ok(current(), ["up", "--yes", "--skip-preview"]);
    assert.deepEqual(callsSince(emulator, since), [`get ${mailingId()}`], `1 read, 0 writes:\n${current().lastOutput()}`);
    assert.doesNotMatch(up.stdout, /will launch a run/);
    assert.deepEqual(emulator.launches(), []);
    const adopted = (await current().mailings()).get(resource);
    assert.equal(adopted?.id, String(mailingId()));
    assert.equal(adopted?.outputs?.isActive, true);
    assert.match(String(adopted?.outputs?.__provider), TODAY_TEXT);
    assert.ok(!JSON.stringify(await current().exportState()).includes(TOKEN), "the token is nowhere in state");
  });

  it("the adopted mailing is managed: up again writes nothing, destroy switches it off", async () => {
    let since = emulator.executions.length;
    await ok(current(), ["up", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since), []);
    since = emulator.executions.length;
    await ok(current(), ["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since), [`deactivate ${mailingId()}`]);
    assert.equal(emulator.mailing(mailingId())?.isActive, false);
    assert.equal((await current().mailings()).size, 0);
  });
});
