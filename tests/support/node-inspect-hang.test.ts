import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

/**
 * The Node that runs the tests (the one `.ci/run` pins) must not loop in `util.inspect` with colours on a
 * source-mapped SDK frame: on Node 22.20-22.23 that hangs every Pulumi program that fails inside the SDK.
 */
describe("the Node that runs the tests", () => {
  it("formats an SDK-style stack frame with colours without looping", () => {
    const script = [
      'const util = require("node:util");',
      'const e = new Error("boom");',
      'e.stack = "Error: boom\\n    at Config.requireNumber (/p/node_modules/@pulumi/config.ts:369:19)\\n    at Object.<anonymous> (/p/index.ts:3:1)";',
      "process.stdout.write(String(util.inspect(e, { colors: true }).includes(\"boom\")));",
    ].join("\n");
    const run = spawnSync(process.execPath, ["-e", script], { timeout: 10_000, encoding: "utf8" });
    assert.equal(run.signal, null, `node ${process.version} looped in util.inspect (killed by ${run.signal})`);
    assert.equal(run.stdout, "true");
  });
});
