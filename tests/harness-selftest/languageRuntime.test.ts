import { strict as assert } from "node:assert";
import * as path from "node:path";
import { findResource, runProgram, type ProgramState, type RunProgramOptions } from "../harness/languageRuntime";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { UNKNOWN, isSecret } from "../harness/propertyValues";
import { startItemServer, type ItemServer } from "./fixtures/itemServer";

const PROGRAM_DIR = path.join(__dirname, "fixtures", "program");
const MISSING_CONFIG_PROGRAM_DIR = path.join(__dirname, "fixtures", "missingConfigProgram");
const PROJECT = "harness-fixture";
const ITEM_TYPE = "pulumi-nodejs:dynamic/fixture:Item";
const NOTE = "program-note-77d2";

describe("harness: language runtime", () => {
  let server: ItemServer;
  let host: ProviderHost;

  before(async () => {
    server = await startItemServer();
    host = await startProviderHost({ project: PROJECT });
  });

  after(async () => {
    await host?.stop();
    await server?.close();
  });

  beforeEach(() => {
    server.requests.length = 0;
  });

  function run(labels: string[], extra: Partial<RunProgramOptions> & { config?: Record<string, string> } = {}) {
    return runProgram({
      programDir: PROGRAM_DIR,
      project: PROJECT,
      stack: "dev",
      host,
      secretKeys: [`${PROJECT}:note`],
      ...extra,
      config: {
        [`${PROJECT}:endpoint`]: server.url,
        [`${PROJECT}:labels`]: JSON.stringify(labels),
        [`${PROJECT}:note`]: NOTE,
        ...extra.config,
      },
    });
  }

  function itemOps(operations: { type: string; name: string; op: string }[]): string[] {
    return operations.filter((o) => o.type === ITEM_TYPE).map((o) => `${o.op} ${o.name}`);
  }

  it("creates on up, is a no-op on the second up, and deletes a removed resource", async () => {
    const first = await run(["a", "bb"]);
    assert.equal(first.exitCode, 0, first.log.join("\n"));
    assert.deepEqual(itemOps(first.operations), ["create a", "create bb"]);
    const a = findResource(first.state, "a", ITEM_TYPE);
    const bbFirst = findResource(first.state, "bb", ITEM_TYPE);
    assert.ok(a?.id && bbFirst?.id);
    assert.deepEqual(first.outputs.serials, [`S-${a.id}`, `S-${bbFirst.id}`]);
    assert.deepEqual(first.outputs.notes, [NOTE, NOTE]);
    assert.deepEqual(first.secretOutputs, ["notes"]);
    assert.ok(isSecret(a.outputs.note), "the echoed secret input is stored as a secret");
    assert.equal(typeof a.inputs.__provider, "string");
    assert.deepEqual(server.requests.map((r) => r.method), ["POST", "POST"]);

    server.requests.length = 0;
    const second = await run(["a", "bb"], { state: first.state });
    assert.equal(second.exitCode, 0, second.log.join("\n"));
    assert.deepEqual(itemOps(second.operations), ["same a", "same bb"]);
    assert.equal(server.requests.length, 0);

    const bb = findResource(second.state, "bb", ITEM_TYPE);
    const third = await run(["a"], { state: second.state });
    assert.equal(third.exitCode, 0, third.log.join("\n"));
    assert.deepEqual(itemOps(third.operations), ["same a", "delete bb"]);
    assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), [`DELETE /items/${bb?.id}`]);
    assert.equal(findResource(third.state, "bb"), undefined);
    assert.ok(findResource(third.state, "a"));
  });

  it("previews without creating anything and leaves the state unchanged", async () => {
    const state: ProgramState = (await run(["p"])).state;
    server.requests.length = 0;
    const preview = await run(["p", "new"], { dryRun: true, state });
    assert.equal(preview.exitCode, 0, preview.log.join("\n"));
    assert.deepEqual(itemOps(preview.operations), ["same p", "create new"]);
    assert.equal(server.requests.length, 0, "preview makes no HTTP call");
    assert.deepEqual(preview.state, state);
    assert.equal((preview.outputs.serials as unknown[])[1], UNKNOWN);
  });

  it("reports a program error with a non-zero exit, its message in the log, and keeps the state", async () => {
    const state = (await run(["kept"])).state;
    server.requests.length = 0;
    const failed = await run(["kept"], { state, config: { [`${PROJECT}:fail`]: "true" } });
    assert.notEqual(failed.exitCode, 0);
    assert.ok(failed.log.some((line) => line.includes("fixture program failed on purpose")), failed.log.join("\n"));
    assert.deepEqual(itemOps(failed.operations), []);
    assert.equal(server.requests.length, 0, "nothing is deleted after a failed program");
    assert.ok(findResource(failed.state, "kept", ITEM_TYPE));
  });

  it("ends promptly with exit 32 and the SDK's message when a required config key is missing", async () => {
    // Used to spin until the timeout: the runtime's colourised report of an SDK-thrown error never returned.
    const result = await runProgram({ programDir: MISSING_CONFIG_PROGRAM_DIR, project: "harness-missing-config", stack: "dev", host });
    assert.equal(result.exitCode, 32, result.log.join("\n")); // the SDK's "error already logged" exit code
    assert.ok(
      result.log.some((line) => line.includes("Missing required configuration variable 'harness-missing-config:mailingId'")),
      result.log.join("\n"),
    );
    assert.deepEqual(result.outputs, {});
    assert.deepEqual(result.errors, []);
  });

  it("fails the deployment when a provider call fails, with the provider's message in the log", async () => {
    const result = await run(["good", "broken"], { config: { [`${PROJECT}:failCreate`]: "broken" } });
    assert.equal(result.exitCode, 255);
    assert.equal(result.programExitCode, 0);
    assert.ok(result.log.some((line) => line.includes("fixture create failed for broken")), result.log.join("\n"));
    assert.equal(result.errors.length, 1);
    assert.ok(findResource(result.state, "good", ITEM_TYPE));
    assert.equal(findResource(result.state, "broken"), undefined);
    assert.ok(!result.log.join("\n").includes(NOTE), "the secret config value is not logged");
  });

  it("starts and stops its own provider host when none is given", async () => {
    const result = await run(["solo"], { host: undefined, stack: "solo" });
    assert.equal(result.exitCode, 0, result.log.join("\n"));
    assert.deepEqual(itemOps(result.operations), ["create solo"]);
    assert.equal(findResource(result.state, "solo")?.urn, `urn:pulumi:solo::${PROJECT}::${ITEM_TYPE}::solo`);
  });

  it("type-checks the program like the CLI and delivers a 5 MB program error whole (the engine accepts 400 MB)", async () => {
    const size = 5 * 1024 * 1024;
    const result = await run([], { typeCheck: true, config: { [`${PROJECT}:bigError`]: String(size) } });
    assert.equal(result.exitCode, 32);
    const line = result.log.find((l) => l.includes("BIG:"));
    assert.ok(line, "the program error did not reach the log");
    assert.ok(line.includes(`BIG:${"x".repeat(size)}:END`), "the program error was cut short");
  });

});
