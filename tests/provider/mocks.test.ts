import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

describe("ActivatedMailing under pulumi.runtime.setMocks", () => {
  let result: { registrations: { type: string; name: string; inputs: Record<string, unknown> }[]; launchId: string; keptIsActive: boolean };

  before(async function () {
    this.timeout(60_000);
    const script = path.join(__dirname, "..", "mocks", "register-under-mocks.ts");
    const { stdout } = await run(process.execPath, ["-r", "ts-node/register/transpile-only", script], {
      cwd: path.join(__dirname, "..", ".."),
      env: { ...process.env, ALTCRAFT_TOKEN: "mocks-token-must-not-leak" },
    });
    const line = stdout.trim().split("\n").pop() ?? "";
    result = JSON.parse(line);
  });

  it("registers the dynamic type token", () => {
    assert.deepEqual(
      result.registrations.map((r) => r.type),
      ["pulumi-nodejs:dynamic/altcraft:ActivatedMailing", "pulumi-nodejs:dynamic/altcraft:ActivatedMailing"],
    );
  });

  it("registers the inputs as declared, with defaults, declaredBy, the config-key hint and the serialized provider", () => {
    const launch = result.registrations.find((r) => r.name === "launch");
    assert.ok(launch);
    const { __provider: provider, ...inputs } = launch.inputs;
    assert.deepEqual(inputs, {
      mailingId: 4727,
      runNow: true,
      overrideSourceType: "segment",
      overrideSourceId: 2550,
      overrideLimit: 300,
      content: { H1: "Weather alert" },
      triggers: ["2026-11-26"],
      abortIfRunning: false,
      declaredBy: "mocks-project/dev/launch",
      // Names of the altcraft:* keys the stack config sets (none under mocks); check strips it before state.
      __altcraftConfigKeys: [],
      // The first resource of the program's batch carries the ids of the Checks to come; check strips it too.
      __altcraftDeclaredMailings: "4727,82",
    });
    assert.equal(typeof provider, "string");
    assert.equal(String(provider).includes("mocks-token-must-not-leak"), false);
  });

  it("fills runNow and abortIfRunning defaults for a plain kept-active mailing", () => {
    const kept = result.registrations.find((r) => r.name === "kept");
    assert.ok(kept);
    assert.equal(kept.inputs.mailingId, 82);
    assert.equal(kept.inputs.runNow, false);
    assert.equal(kept.inputs.abortIfRunning, false);
    assert.equal(kept.inputs.declaredBy, "mocks-project/dev/kept");
    assert.equal(kept.inputs.__altcraftDeclaredMailings, "", "only every 16th registration carries ids in the read-ahead hint");
  });

  it("exposes the id and outputs the engine returns", () => {
    assert.equal(result.launchId, "4727");
    assert.equal(result.keptIsActive, true);
  });
});
