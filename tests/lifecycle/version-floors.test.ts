/**
 * Issue 10, point 4: the Pulumi versions this package needs are enforced where they can be. Stack config reaches a
 * dynamic provider's `configure` only from Pulumi CLI 3.139 (engine change #17673); an older CLI drops the
 * `altcraft:*` keys in silence, which the program can see and the provider then names.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Emulator } from "../../emulator";
import { assertSupportedSdk, compareVersions, MIN_PULUMI_CLI, MIN_PULUMI_SDK } from "../../provider/sdk-version";
import { PROGRAM_CONFIG_HINT } from "../../provider/hints";
import { TestStack } from "../harness/stack";
import { mailing, PROJECT, scenarioProviderText, startScenarioEmulator } from "./support/mailing-stack";

describe("version floors", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: 82 }] });
  });
  after(() => emulator.close());

  it("a CLI that drops the altcraft:* config: check names the minimum CLI instead of asking for settings already set", async () => {
    // What an engine older than 3.139 sends: no altcraft:* key at all; the program still saw them in its config.
    const stack = new TestStack({ providerText: await scenarioProviderText(), project: PROJECT, stack: "dev", config: {} });
    const reg = mailing("digest", { mailingId: 82, [PROGRAM_CONFIG_HINT]: ["altcraft:baseUrl", "altcraft:token"] });
    const preview = await stack.preview([reg]);
    const text = [preview.error?.message ?? "", ...preview.diagnostics].join("\n");
    assert.match(text, new RegExp(`the stack config sets altcraft:baseUrl, altcraft:token, but none reached the provider.*${MIN_PULUMI_CLI.replace(/\.0$/, "")}`, "s"));
    assert.equal(emulator.requests.length, 0);
  });

  it("the hint never reaches state", async () => {
    const stack = new TestStack({
      providerText: await scenarioProviderText(),
      project: PROJECT,
      stack: "dev",
      config: { "altcraft:baseUrl": emulator.url, "altcraft:token": "scenario-token-5d1f9a" },
      secretKeys: ["altcraft:token"],
    });
    const up = await stack.up([mailing("digest", { mailingId: 82, [PROGRAM_CONFIG_HINT]: ["altcraft:baseUrl", "altcraft:token"] })]);
    assert.equal(up.error, undefined, up.error?.message);
    assert.equal(PROGRAM_CONFIG_HINT in stack.resource("digest")!.inputs, false);
    assert.equal(PROGRAM_CONFIG_HINT in stack.resource("digest")!.outputs, false);
  });

  it("an SDK older than the floor is refused with the version named", () => {
    assert.throws(() => assertSupportedSdk("3.215.9"), new RegExp(`needs @pulumi/pulumi ${MIN_PULUMI_SDK} or newer.*has 3\\.215\\.9`));
    assert.doesNotThrow(() => assertSupportedSdk(MIN_PULUMI_SDK));
    assert.equal(compareVersions("3.276.0", "3.216.0"), 1);
    assert.equal(compareVersions("3.216.0-alpha", "3.216.0"), 0);
  });

  it("package.json declares the SDK floor as a peer dependency (one SDK per program)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { peerDependencies?: Record<string, string>; dependencies?: Record<string, string> };
    assert.equal(pkg.peerDependencies?.["@pulumi/pulumi"], `>=${MIN_PULUMI_SDK} <4`);
    assert.equal(pkg.dependencies?.["@pulumi/pulumi"], undefined);
  });
});

describe("a rotated token", function () {
  this.timeout(60_000);
  it("refresh and destroy use the stored config; a 401/403 says how to use the new token", async () => {
    const { startScenarioEmulator: start, mailingStack: stackOf } = await import("./support/mailing-stack");
    const emulator = await start({ tokens: ["scenario-token-5d1f9a", "rotated-token-9e8d7c"], mailings: [{ id: 82 }] });
    try {
      const stack = await stackOf(emulator);
      await stack.up([mailing("digest", { mailingId: 82 })]);
      // The old token is revoked and a new one set in the stack config, but no `up` has run since.
      emulator.faults.add({ endpoint: "*", times: 100, fault: { type: "envelope", error: 401, errorText: "Token revoked" } });
      stack.setConfig("altcraft:token", "rotated-token-9e8d7c", true);
      const refreshed = await stack.refresh();
      assert.ok(refreshed.error);
      const text = [refreshed.error!.message, ...refreshed.steps.map((s) => s.error ?? "")].join("\n");
      assert.match(text, /use the token stored at the last `pulumi up`.*--run-program/s);
      assert.equal(text.includes("rotated-token-9e8d7c"), false);
      emulator.faults.clear();
      const withProgram = await stack.refresh({ runProgram: [mailing("digest", { mailingId: 82 })] });
      assert.equal(withProgram.error, undefined, withProgram.error?.message);
      const last = emulator.requests.at(-1)!;
      assert.equal(last.tokenFingerprint, emulator.tokenFingerprint("rotated-token-9e8d7c"), "--run-program uses the current config");
    } finally {
      await emulator.close();
    }
  });
});
