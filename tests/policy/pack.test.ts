import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { UNKNOWN } from "../harness/propertyValues";
import { REPO_ROOT } from "../harness/providerHost";
import { startPolicyAnalyzer, type Diagnostic, type PolicyAnalyzer } from "./support/analyzer";
import { renderPolicies } from "./support/cliView";
import { mailing } from "./support/resources";

const PACK_DIR = path.join(REPO_ROOT, "policy-pack");
const ROOT_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

const byPolicy = (diagnostics: Diagnostic[], name: string): Diagnostic[] => diagnostics.filter((d) => d.policyName === name);

describe("policy pack: through the analyzer served over gRPC", function () {
  this.timeout(60_000);
  let production: PolicyAnalyzer;
  let dev: PolicyAnalyzer;

  before(async () => {
    assert.ok(fs.existsSync(path.join(REPO_ROOT, "dist", "policy", "index.js")), "run `npm run build` first: the pack runs dist/policy");
    [production, dev] = await Promise.all([
      startPolicyAnalyzer({ packDir: PACK_DIR, stack: "production" }),
      startPolicyAnalyzer({ packDir: PACK_DIR, stack: "dev" }),
    ]);
  });

  after(async () => {
    await Promise.all([production?.stop(), dev?.stop()]);
  });

  // Each test configures what it needs, as one `pulumi preview --policy-pack-config` would.
  beforeEach(async () => {
    await Promise.all([production.configure(), dev.configure()]);
  });

  it("describes the four policies, their levels and config defaults (GetAnalyzerInfo)", async () => {
    const info = await production.info();
    assert.equal(info.name, "pulumi-altcraft");
    assert.equal(info.version, ROOT_VERSION, "policy-pack/package.json version follows the package's");
    assert.equal(info.supportsConfig, true);
    assert.deepEqual(
      info.policies.map((p) => [p.name, p.enforcementLevel]),
      [
        ["altcraft-run-requires-limit", "mandatory"],
        ["altcraft-run-limit-max", "mandatory"],
        ["altcraft-run-stacks", "mandatory"],
        ["altcraft-abort-on-production", "advisory"],
      ],
    );
    const defaults = Object.fromEntries(info.policies.map((p) => [p.name, Object.fromEntries(Object.entries(p.configSchema).map(([k, s]) => [k, s.default]))]));
    assert.deepEqual(defaults, {
      "altcraft-run-requires-limit": { exemptMailingIds: [] },
      "altcraft-run-limit-max": { maxLimit: 10_000 },
      "altcraft-run-stacks": { allowedStacks: ["production", "prod"] },
      "altcraft-abort-on-production": { productionStacks: ["production", "prod"] },
    });
  });

  describe("altcraft-run-requires-limit", () => {
    const policy = "altcraft-run-requires-limit";

    it("fails a run without overrideLimit, naming the mailing", async () => {
      const found = byPolicy(await production.analyze(mailing("weather-alert", { mailingId: 4727, runNow: true })), policy);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.enforcementLevel, "mandatory");
      assert.match(found[0]?.message ?? "", /mailing 4727 \(weather-alert\) starts a run \(runNow: true\) without overrideLimit/);
      assert.equal(found[0]?.urn, production.urn("pulumi-nodejs:dynamic/altcraft:ActivatedMailing", "weather-alert"));
    });

    it("passes a run with overrideLimit, and a mailing that only activates", async () => {
      assert.deepEqual(byPolicy(await production.analyze(mailing("a", { mailingId: 4727, runNow: true, overrideLimit: 300 })), policy), []);
      assert.deepEqual(byPolicy(await production.analyze(mailing("b", { mailingId: 4727 })), policy), []);
    });

    it("passes the mailings listed in exemptMailingIds, and only those", async () => {
      await production.configure({ [policy]: { exemptMailingIds: [82] } });
      assert.deepEqual(byPolicy(await production.analyze(mailing("digest", { mailingId: 82, runNow: true })), policy), []);
      assert.equal(byPolicy(await production.analyze(mailing("alert", { mailingId: 4727, runNow: true })), policy).length, 1);
    });

    it("takes its enforcement level from the config", async () => {
      await production.configure({ [policy]: { enforcementLevel: "advisory" } });
      const found = byPolicy(await production.analyze(mailing("alert", { mailingId: 4727, runNow: true })), policy);
      assert.deepEqual(found.map((d) => d.enforcementLevel), ["advisory"]);
      await production.configure({ [policy]: { enforcementLevel: "disabled" } });
      assert.deepEqual(byPolicy(await production.analyze(mailing("alert", { mailingId: 4727, runNow: true })), policy), []);
    });
  });

  describe("altcraft-run-limit-max", () => {
    const policy = "altcraft-run-limit-max";

    it("fails a run above the default maximum (10000) and passes one at it", async () => {
      const over = byPolicy(await production.analyze(mailing("blast", { mailingId: 4727, runNow: true, overrideLimit: 10_001 })), policy);
      assert.equal(over.length, 1);
      assert.equal(over[0]?.enforcementLevel, "mandatory");
      assert.match(over[0]?.message ?? "", /overrideLimit 10001, above the maximum 10000/);
      assert.deepEqual(byPolicy(await production.analyze(mailing("ok", { mailingId: 4727, runNow: true, overrideLimit: 10_000 })), policy), []);
    });

    it("uses the configured maxLimit", async () => {
      await production.configure({ [policy]: { maxLimit: 500 } });
      assert.equal(byPolicy(await production.analyze(mailing("x", { mailingId: 4727, runNow: true, overrideLimit: 501 })), policy).length, 1);
      assert.deepEqual(byPolicy(await production.analyze(mailing("y", { mailingId: 4727, runNow: true, overrideLimit: 500 })), policy), []);
    });

    it("ignores overrideLimit without a run (the provider's check refuses it there)", async () => {
      assert.deepEqual(byPolicy(await production.analyze(mailing("z", { mailingId: 4727, overrideLimit: 99_999 })), policy), []);
    });

    it("refuses a bad maxLimit with an error naming the setting", async () => {
      await production.configure({ [policy]: { maxLimit: "lots" } });
      await assert.rejects(production.analyze(mailing("x", { mailingId: 4727, runNow: true, overrideLimit: 1 })), /altcraft-run-limit-max\.maxLimit must be a positive integer, got "lots"/);
    });
  });

  describe("altcraft-run-stacks", () => {
    const policy = "altcraft-run-stacks";

    it("passes a run on production and fails it on dev (default allowedStacks)", async () => {
      const run = mailing("alert", { mailingId: 4727, runNow: true, overrideLimit: 300 });
      assert.deepEqual(byPolicy(await production.analyze(run), policy), []);
      const found = byPolicy(await dev.analyze(run), policy);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.enforcementLevel, "mandatory");
      assert.match(found[0]?.message ?? "", /on stack "dev", but runs are allowed only on "production", "prod"/);
    });

    it("passes mailings that only activate on any stack", async () => {
      assert.deepEqual(byPolicy(await dev.analyze(mailing("welcome", { mailingId: 101 })), policy), []);
    });

    it("uses the configured allowedStacks", async () => {
      await dev.configure({ [policy]: { allowedStacks: ["dev"] } });
      await production.configure({ [policy]: { allowedStacks: ["dev"] } });
      const run = mailing("alert", { mailingId: 4727, runNow: true, overrideLimit: 300 });
      assert.deepEqual(byPolicy(await dev.analyze(run), policy), []);
      assert.equal(byPolicy(await production.analyze(run), policy).length, 1);
    });
  });

  describe("altcraft-abort-on-production", () => {
    const policy = "altcraft-abort-on-production";

    it("reports abortIfRunning: true on production as advisory, not on dev, not when false", async () => {
      const found = byPolicy(await production.analyze(mailing("digest", { mailingId: 82, abortIfRunning: true })), policy);
      assert.deepEqual(found.map((d) => d.enforcementLevel), ["advisory"]);
      assert.match(found[0]?.message ?? "", /mailing 82 \(digest\) sets abortIfRunning: true on production stack "production"/);
      assert.deepEqual(byPolicy(await production.analyze(mailing("digest", { mailingId: 82 })), policy), []);
      assert.deepEqual(byPolicy(await dev.analyze(mailing("digest", { mailingId: 82, abortIfRunning: true })), policy), []);
    });

    it("uses the configured productionStacks", async () => {
      await dev.configure({ [policy]: { productionStacks: ["dev"] } });
      assert.equal(byPolicy(await dev.analyze(mailing("digest", { mailingId: 82, abortIfRunning: true })), policy).length, 1);
    });
  });

  describe("values unknown at preview", () => {
    it("an unknown runNow gives advisory notes, never a failure", async () => {
      const found = await dev.analyze(mailing("alert", { mailingId: 4727, runNow: UNKNOWN }));
      assert.ok(found.length > 0);
      assert.ok(found.every((d) => d.enforcementLevel === "advisory" && /can't run policy '.+' .* during preview/.test(d.message)), JSON.stringify(found));
    });

    it("an unknown overrideLimit does not fail the run's limit policies", async () => {
      const found = await production.analyze(mailing("alert", { mailingId: 4727, runNow: true, overrideLimit: UNKNOWN }));
      assert.equal(found.filter((d) => d.enforcementLevel === "mandatory").length, 0, JSON.stringify(found));
    });

    it("an unknown mailingId still fails a run without overrideLimit, named by resource", async () => {
      const found = byPolicy(await production.analyze(mailing("alert", { mailingId: UNKNOWN, runNow: true })), "altcraft-run-requires-limit");
      assert.deepEqual(found.map((d) => d.enforcementLevel), ["mandatory"]);
      assert.match(found[0]?.message ?? "", /^.*\nmailing alert starts a run/);
    });
  });

  it("leaves other resource types alone", async () => {
    const other = { type: "pulumi-nodejs:dynamic:Resource", name: "other", properties: { runNow: true, abortIfRunning: true } };
    assert.deepEqual(await dev.analyze(other), []);
  });

  it("has no stack policies: AnalyzeStack over a whole stack reports nothing", async () => {
    assert.deepEqual(await dev.analyzeStack([mailing("alert", { mailingId: 4727, runNow: true })]), []);
  });

  it("prints as the CLI's Policies section: description, then the finding", async () => {
    const found = [
      ...(await dev.analyze(mailing("weather-alert", { mailingId: 4727, runNow: true, overrideLimit: 50_000 }))),
      ...(await dev.analyze(mailing("digest", { mailingId: 82, abortIfRunning: true }))),
    ];
    const text = renderPolicies(found, "node_modules/pulumi-altcraft/policy-pack", { name: "pulumi-altcraft", version: ROOT_VERSION });
    assert.match(text, /❌ pulumi-altcraft@v\d+\.\d+\.\d+ \(local: node_modules\/pulumi-altcraft\/policy-pack\)/);
    assert.match(text, /- \[mandatory\] {2}altcraft-run-limit-max {2}\(pulumi-nodejs:dynamic\/altcraft:ActivatedMailing: weather-alert\)\n {10}A mailing run's overrideLimit may not exceed the configured maxLimit\.\n {10}mailing 4727 \(weather-alert\) starts a run with overrideLimit 50000/);
    assert.match(text, /- \[mandatory\] {2}altcraft-run-stacks/);
    assert.equal(text.includes("will launch a run"), false, "the provider's launch-line words stay the provider's");
    if (process.env.SHOW_POLICY_SAMPLE) console.log(text);
  });
});
