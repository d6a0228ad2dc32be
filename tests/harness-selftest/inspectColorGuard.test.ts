import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const GUARD = path.join(__dirname, "..", "harness", "inspectColorGuard.js");

// The stack shape the SDK's source maps produce, which makes a coloured inspect loop forever on Node 22.23.
const SCRIPT = `
const util = require("node:util");
const error = new Error("boom");
error.stack = "Error: boom\\n    at Config.requireNumber (/app/node_modules/@pulumi/config.ts:382:21)";
process.stdout.write(JSON.stringify({
  text: util.inspect(error, { colors: true }),
  legacy: util.inspect({ a: 1 }, false, 2, true),
  custom: util.inspect.custom === Symbol.for("nodejs.util.inspect.custom"),
  depth: util.inspect.defaultOptions.depth,
  customised: util.inspect({ [util.inspect.custom]: () => "custom-view" }),
}));
`;

/** Runs SCRIPT in a fresh Node with the guard preloaded; the mocha process's own `util` stays untouched. */
function runWithGuard(): Record<string, unknown> {
  // The timeout only stops a regression from hanging the suite; a hang fails the test below either way.
  const child = spawnSync(process.execPath, [`--require=${GUARD}`, "-e", SCRIPT], { encoding: "utf8", timeout: 10_000 });
  assert.equal(child.status, 0, `exit ${String(child.status)} (${String(child.signal)}): ${child.stderr}`);
  return JSON.parse(child.stdout) as Record<string, unknown>;
}

describe("harness: inspect colour guard", () => {
  it("formats an error whose stack names a file directly under a node_modules scope, without colours", () => {
    const result = runWithGuard();
    assert.equal(typeof result.text, "string");
    assert.ok(String(result.text).includes("node_modules/@pulumi/config.ts:382:21"), String(result.text));
    assert.ok(!String(result.text).includes("\u001b["), "no escape codes");
    assert.equal(result.legacy, "{ a: 1 }");
  });

  it("keeps inspect's custom symbol, default options and custom inspection working", () => {
    const result = runWithGuard();
    assert.equal(result.custom, true);
    assert.equal(result.depth, 2);
    assert.equal(result.customised, "custom-view");
  });
});
