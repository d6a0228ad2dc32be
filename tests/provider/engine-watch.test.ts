/**
 * The engine watch acts only inside Pulumi's dynamic-provider host (its end-to-end proof, a killed CLI whose provider
 * process exits, is in tests/e2e/faults.test.ts).
 */
import * as assert from "node:assert/strict";
import { isDynamicProviderHost, watchEngine } from "../../provider/engine-watch";

describe("watchEngine", () => {
  it("recognises the dynamic-provider host by its main module, and nothing else", () => {
    assert.equal(isDynamicProviderHost("/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"), true);
    assert.equal(isDynamicProviderHost("C:\\p\\node_modules\\@pulumi\\pulumi\\cmd\\dynamic-provider\\index.js"), true);
    assert.equal(isDynamicProviderHost("/p/node_modules/mocha/bin/mocha.js"), false);
    assert.equal(isDynamicProviderHost("/p/node_modules/@pulumi/pulumi/cmd/run/index.js"), false);
    assert.equal(isDynamicProviderHost(undefined), false);
  });

  it("leaves a process that only loads the provider alone (no stdin reading, no stream handlers)", () => {
    const before = [process.stdout.listenerCount("error"), process.stderr.listenerCount("error"), process.stdin.listenerCount("end")];
    watchEngine();
    assert.deepEqual([process.stdout.listenerCount("error"), process.stderr.listenerCount("error"), process.stdin.listenerCount("end")], before);
  });
});
