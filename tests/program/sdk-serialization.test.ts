import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { formatProblem, SDK_RESERVED_KEYS, validateMailingsYaml } from "../../program/mailings-file";

// Keys that look dangerous but pass through the SDK intact, so the loader must accept them.
const HARMLESS_KEYS = ["valueOf", "constructor", "hasOwnProperty", "then", "__pulumiResource"];
const PLACES = ["content", "attach", "triggers"] as const;

interface Outcome {
  key: string;
  value: unknown;
  where: string;
  outcome: string;
}

/** Runs the experiment in a child process (setMocks is process-wide, and the SDK's failures are unhandled rejections). */
function declareThroughSdk(cases: { key: string; value: unknown; where: string }[]): Outcome[] {
  const probe = path.join(__dirname, "support", "sdk-serialization-probe.ts");
  // The exit status is not used: the SDK sets one of its own when the failed registrations leave promises behind.
  const { stdout } = spawnSync(process.execPath, ["-r", "ts-node/register", probe, JSON.stringify(cases)], {
    cwd: path.join(__dirname, "..", ".."),
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Outcome);
}

describe("values the Pulumi SDK cannot serialize", function () {
  this.timeout(150_000);
  let outcomes: Outcome[];

  before(() => {
    const cases = [];
    for (const key of [...SDK_RESERVED_KEYS.keys(), ...HARMLESS_KEYS]) {
      for (const where of PLACES) {
        // A marker key breaks the SDK only when true, the signature key with any value: try both.
        for (const value of [true, "x"]) cases.push({ key, value, where });
      }
    }
    outcomes = declareThroughSdk(cases);
    if (process.env.SHOW_SDK_OUTCOMES) for (const o of outcomes) console.log(`${o.key}=${JSON.stringify(o.value)} in ${o.where}: ${o.outcome}`);
    assert.equal(outcomes.length, cases.length, "every case reported");
  });

  it("every refused key breaks the SDK (throws, or changes the value) in content, an attach item and a triggers item", () => {
    for (const key of SDK_RESERVED_KEYS.keys()) {
      for (const where of PLACES) {
        const broken = outcomes.filter((o) => o.key === key && o.where === where && o.outcome !== "intact");
        assert.ok(broken.length > 0, `${key} in ${where}: ${JSON.stringify(outcomes.filter((o) => o.key === key && o.where === where))}`);
      }
    }
  });

  it("the keys that look risky but pass intact are not refused", () => {
    for (const key of HARMLESS_KEYS) {
      assert.deepEqual(outcomes.filter((o) => o.key === key && o.outcome !== "intact"), [], key);
      const text = `mailings:\n  a:\n    mailingId: 1\n    runNow: true\n    content: { ${key}: x }\n    attach: [{ ${key}: x }]\n    triggers: [{ ${key}: x }]\n`;
      assert.deepEqual(validateMailingsYaml(text, "m.yaml").problems, [], key);
    }
  });

  it("the loader refuses each refused key before anything is declared, naming the field, the line and the reason", () => {
    for (const key of SDK_RESERVED_KEYS.keys()) {
      const text = `mailings:\n  a:\n    mailingId: 1\n    runNow: true\n    content: { "${key}": x }\n    attach: [{ file: f, nested: { "${key}": true } }]\n    triggers: [[{ "${key}": x }]]\n`;
      const problems = validateMailingsYaml(text, "m.yaml").problems.map(formatProblem);
      const reason = `the key ${JSON.stringify(key)} cannot be passed to Pulumi: `;
      assert.equal(problems.length, 3, problems.join("\n"));
      assert.ok(problems[0]?.startsWith(`m.yaml:5:16: entry "a", field "content.${key}": ${reason}`), problems[0]);
      assert.ok(problems[1]?.startsWith(`m.yaml:6:35: entry "a", field "attach[0].nested.${key}": ${reason}`), problems[1]);
      assert.ok(problems[2]?.startsWith(`m.yaml:7:19: entry "a", field "triggers[0][0].${key}": ${reason}`), problems[2]);
    }
  });
});
