/**
 * The read-ahead hint against the v0 interface: state written by 0.1.0 stores a provider text whose `check` calls
 * `runtime.check(olds, news)` with no provider object (tests/fixtures/provider-text/0.1.0-000b186.js). The dynamic
 * provider host runs that text for a Check only when the new `__provider` is unknown, but then the hint a current
 * program sends must still be removed and refuse nothing, and no read may start (v0 has no settings to read with).
 */
import assert from "node:assert/strict";
import * as runtime from "../../provider/runtime";
import { DECLARED_MAILINGS_HINT } from "../../provider/declared-hint";
import { PROGRAM_CONFIG_HINT } from "../../provider/hints";

describe("read-ahead hint through the v0 runtime interface", () => {
  it("v0 check removes the hint, refuses nothing for it, and keeps the other inputs", async () => {
    const news = { mailingId: 4727, runNow: false, abortIfRunning: false, declaredBy: "p/s/m", [PROGRAM_CONFIG_HINT]: [], [DECLARED_MAILINGS_HINT]: "4727,82" };
    const result = await runtime.check({}, news);
    assert.deepEqual(result.failures ?? [], []);
    assert.equal(DECLARED_MAILINGS_HINT in (result.inputs ?? {}), false);
    assert.equal(PROGRAM_CONFIG_HINT in (result.inputs ?? {}), false);
    assert.equal(result.inputs?.mailingId, 4727);
  });

  it("v0 check of an existing resource (old inputs from state) removes the hint too", async () => {
    const olds = { mailingId: 4727, runNow: false, abortIfRunning: false, declaredBy: "p/s/m" };
    const result = await runtime.check(olds, { ...olds, [DECLARED_MAILINGS_HINT]: "4727" });
    assert.deepEqual(result.failures ?? [], []);
    assert.equal(DECLARED_MAILINGS_HINT in (result.inputs ?? {}), false);
  });
});
