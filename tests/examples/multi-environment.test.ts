import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { startEmulator, type Emulator } from "../../emulator";
import { callSummary, EmulatedStack, logText, mutatingCalls, REPO_ROOT, TEST_TOKEN } from "./support/emulatedStack";

const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "multi-environment");
const PROJECT = "altcraft-multi-environment";

/** The `config:` of Pulumi.<stack>.yaml, as `pulumi config` would hand it to the program. */
function stackConfig(stack: string): Record<string, string> {
  const file = parse(fs.readFileSync(path.join(PROGRAM_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(file.config).map(([key, value]) => [key, String(value)]));
}

describe("example: multi-environment", function () {
  this.timeout(60_000);
  // Two accounts: each stack talks to its own emulator. Each run starts its own provider host (the engine starts one
  // per deployment, and a host keeps the connection of its first Configure).
  let staging: Emulator;
  let production: Emulator;

  before(async () => {
    staging = await startEmulator({ tokens: [TEST_TOKEN], mailings: [{ id: 11 }, { id: 12 }, { id: 101 }, { id: 205 }] });
    production = await startEmulator({ tokens: [TEST_TOKEN], mailings: [{ id: 11 }, { id: 12 }, { id: 101 }, { id: 205 }] });
  });

  after(async () => {
    await staging?.close();
    await production?.close();
  });

  it("keeps the token out of the stack files and gives each stack its own base URL", () => {
    const stagingConfig = stackConfig("staging");
    const productionConfig = stackConfig("production");
    for (const config of [stagingConfig, productionConfig]) assert.equal(config["altcraft:token"], undefined);
    assert.match(stagingConfig["altcraft:baseUrl"] ?? "", /^https:\/\//);
    assert.match(productionConfig["altcraft:baseUrl"] ?? "", /^https:\/\//);
    assert.notEqual(stagingConfig["altcraft:baseUrl"], productionConfig["altcraft:baseUrl"]);
  });

  for (const [stackName, ids, abortIfRunning] of [
    ["staging", [11, 12], true],
    ["production", [101, 205], false],
  ] as const) {
    it(`${stackName}: up activates that stack's mailings in that stack's account only`, async () => {
      const own = stackName === "staging" ? staging : production;
      const other = stackName === "staging" ? production : staging;
      const otherRequests = other.requests.length;
      // The stack file as committed, with the base URL pointed at this stack's emulator.
      const stack = new EmulatedStack(own, undefined, PROGRAM_DIR, PROJECT, stackName, { ...stackConfig(stackName), "altcraft:baseUrl": own.url });
      const result = await stack.run();
      assert.equal(result.exitCode, 0, logText(result));
      assert.deepEqual(callSummary(mutatingCalls(own)).sort(), ids.map((id) => `activate ${id}`).sort());
      assert.equal(other.requests.length, otherRequests, "the other account is never called");
      assert.equal(result.outputs.environment, stackName);
      assert.equal(result.outputs.altcraftBaseUrl, own.url);
      const digest = stack.state?.resources.find((r) => r.name === "weekly-digest");
      assert.equal(digest?.outputs.abortIfRunning, abortIfRunning);
    });
  }
});
