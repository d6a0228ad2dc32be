import assert from "node:assert/strict";
import { CheckFailedError, secret, type TestEngine } from "../harness/engine";
import { startProviderStack, type ProviderStack } from "../reliability/support/provider-stack";
import { TRICKY_TOKEN, tokenLeaks } from "./support/token-scan";

/** Runs a step that may fail, keeping the error for the scan. */
async function attempt(errors: unknown[], step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    errors.push(error);
  }
}

/**
 * Full lifecycles, happy and failing, through the real host in both wire formats and both token placements; then
 * everything a user, a log or a state file could see is scanned for the token in all its spellings: zero hits.
 */
for (const connection of [
  { format: "json", tokenPlacement: "body" },
  { format: "xml", tokenPlacement: "header" },
] as const) {
  describe(`security: the token never leaks from a full lifecycle (${connection.format}, token in the ${connection.tokenPlacement})`, function () {
    this.timeout(60_000);
    let stack: ProviderStack;
    let engine: TestEngine;
    const errors: unknown[] = [];
    const states: unknown[] = [];
    const snapshot = (...names: string[]) => states.push(...names.map((name) => engine.state(name)));

    before(async () => {
      stack = await startProviderStack({
        token: TRICKY_TOKEN,
        emulator: { mailings: [82, 83, 4727, 4728, 4729].map((id) => ({ id, type: "broadcast" as const })) },
        config: { ...connection, retryBaseMs: "1", timeoutMs: "400" },
      });
      engine = stack.engine();
    });
    after(async () => stack?.close());

    it("runs create, update, refresh, a resume after a pause, replace and destroy, with retries and failures on the way", async () => {
      const { emulator } = stack;
      await engine.up("alert", { mailingId: 4727, runNow: true, overrideSourceType: "segment", overrideSourceId: 7, content: secret({ name: "Ann" }) }, { secretKeys: ["content"] });
      await engine.up("alert", { mailingId: 4727, runNow: true, overrideSourceType: "segment", overrideSourceId: 7, overrideLimit: 50, content: secret({ name: "Ann" }) }, { secretKeys: ["content"] });
      await engine.refresh("alert");
      emulator.pauseMailing(4727);
      await engine.refresh("alert");
      // onManualPause: keep (the default) would leave it paused; resume switches it on again, a write to scan.
      await engine.up("alert", { mailingId: 4727, runNow: true, overrideSourceType: "segment", overrideSourceId: 7, overrideLimit: 50, content: secret({ name: "Ann" }), onManualPause: "resume" }, { secretKeys: ["content"] });
      snapshot("alert");

      for (const fault of [{ type: "status", status: 503 }, { type: "reset" }, { type: "hang" }] as const) {
        emulator.faults.add({ endpoint: "activate", mailingId: 82, fault });
      }
      await engine.up("digest", { mailingId: 82 });
      await engine.up("digest", { mailingId: 83 });
      snapshot("digest");

      // Twice: a refused activation is sent once more under a fresh Request-ID.
      emulator.faults.add({ endpoint: "activate", mailingId: 4728, times: 2, fault: { type: "malformed", body: JSON.stringify({ data: null, error: 403, error_text: "Access denied" }) } });
      await attempt(errors, () => engine.up("denied", { mailingId: 4728 }));
      emulator.faults.add({ endpoint: "activate", mailingId: 4728, fault: { type: "malformed", body: '{"data":' } });
      await attempt(errors, () => engine.up("denied", { mailingId: 4728 }));
      emulator.faults.add({ endpoint: "get", mailingId: 4729, times: 4, fault: { type: "status", status: 502 } });
      await attempt(errors, () => engine.up("unreadable", { mailingId: 4729, runNow: true }));
      await attempt(errors, () => engine.up("ghost", { mailingId: 999 }));
      emulator.faults.add({ endpoint: "get", mailingId: 4727, times: 4, fault: { type: "reset" } });
      await attempt(errors, () => engine.refresh("alert"));
      emulator.faults.add({ endpoint: "deactivate", mailingId: 83, times: 4, fault: { type: "status", status: 504 } });
      await attempt(errors, () => engine.destroy("digest"));
      await attempt(errors, () => engine.up("typo", { mailingId: 1, token: TRICKY_TOKEN }));
      await attempt(errors, () => engine.up("pasted", { mailingId: 82, content: { H1: `Bearer ${TRICKY_TOKEN}` } }));
      snapshot("denied", "unreadable", "ghost", "typo", "pasted");

      for (const name of ["alert", "digest"]) await engine.destroy(name);
      snapshot("alert", "digest");

      assert.equal(errors.length, 8, "every failing step failed");
      assert.ok(errors.some((e) => e instanceof CheckFailedError && /altcraft:token/.test(e.message)), "the token as an input is refused");
      assert.ok(errors.some((e) => e instanceof CheckFailedError && /content\.H1: holds the Altcraft API token/.test(e.message)), "the token in a value is refused");
      assert.ok(stack.host.output().stdout.includes("retrying"), "retries were logged");
      assert.equal(emulator.requests.at(-1)?.tokenIn, connection.tokenPlacement, "the token travelled where configured");
    });

    it("scan: states, errors (deeply), host stdout and stderr, and the serialized provider hold no spelling of the token", () => {
      assert.ok(states.length > 0 && errors.length > 0, "runs after the lifecycle");
      const { stdout, stderr } = stack.host.output();
      assert.deepEqual(tokenLeaks(TRICKY_TOKEN, { states, errors, stdout, stderr, providerText: stack.providerText }), []);
    });
  });
}
