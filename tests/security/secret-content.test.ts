/**
 * Issue 10, point 2: nothing derived from a secret input is stored or shown in clear. A mailing whose `content` is
 * marked secret (`pulumi.secret(...)`) goes through up, a failing server that echoes the values back, retries and
 * refresh; every plaintext place is scanned: the state's plain values, the stack outputs a program would export
 * (`lastRequestId` included), the provider host's output, the errors, and the emulator's request log (for the token).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { Emulator } from "../../emulator";
import { stripSecrets, isSecret } from "../harness/propertyValues";
import { mailing, mailingStack, startScenarioEmulator, TOKEN } from "../lifecycle/support/mailing-stack";

const SECRET_CODE = "4711";
const SECRET_TEXT = "Dear-Anna-Petrova";

/** Every plain (non-secret) value of a bag, flattened to text; secret envelopes are skipped whole. */
function plainText(value: unknown): string {
  if (isSecret(value)) return "";
  if (Array.isArray(value)) return value.map(plainText).join(" ");
  if (value && typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}=${plainText(v)}`).join(" ");
  return String(value);
}

describe("secret inputs never reach a plaintext place", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: 82, name: "Weekly digest" }] });
  });
  after(() => emulator.close());

  it("state, outputs, host output, errors and Request-IDs hold no secret content value", async () => {
    const stack = await mailingStack(emulator, "dev", { "altcraft:retryBaseMs": "1" });
    const content = { CODE: SECRET_CODE, GREETING: SECRET_TEXT };
    const reg = (triggers: string[]) => mailing("digest", { mailingId: 82, runNow: true, content, triggers }, { secretKeys: ["content"] });

    // A server that echoes the request's values in its errors: first a gateway page, then an API refusal, twice.
    emulator.faults.add({ endpoint: "activate", times: 1, fault: { type: "status", status: 503, body: `<html>upstream failed for CODE=${SECRET_CODE} ${SECRET_TEXT}</html>` } });
    emulator.faults.add({ endpoint: "activate", times: 2, fault: { type: "envelope", error: 400, errorText: `content.CODE ${SECRET_CODE} / ${SECRET_TEXT} is not allowed` } });
    const failed = await stack.up([reg(["1"])]);
    assert.ok(failed.error, "the refused activation fails the step");

    const ok = await stack.up([reg(["2"])]);
    assert.equal(ok.error, undefined, ok.error?.message);
    await stack.refresh();

    const state = stack.resource("digest")!;
    assert.ok(isSecret(state.inputs.content) && isSecret(state.outputs.content), "content stays secret in state");
    const requestId = String(state.outputs.lastRequestId);
    const everything = [
      plainText(state.inputs),
      plainText(state.outputs),
      ...failed.diagnostics,
      failed.error?.message ?? "",
      ...failed.steps.map((s) => s.error ?? ""),
      ...ok.diagnostics,
    ].join("\n");
    for (const secret of [SECRET_CODE, SECRET_TEXT, TOKEN]) {
      assert.equal(everything.includes(secret), false, `"${secret}" found in plain text:\n${everything}`);
    }
    // The stored Request-ID is keyed by the token: the plain hashes an offline guesser would try do not match it.
    for (const guess of [SECRET_CODE, JSON.stringify(content), JSON.stringify(stripSecrets(state.inputs))]) {
      assert.notEqual(createHash("sha256").update(guess).digest("hex").slice(0, 8), requestId.slice(0, 8));
    }
    // The emulator keeps no token in its request log, only where it was sent and a fingerprint.
    assert.equal(JSON.stringify(emulator.requests).includes(TOKEN), false);
  });

  it("a check failure on a secret value of the wrong type never shows the value", async () => {
    const stack = await mailingStack(emulator);
    const preview = await stack.preview([mailing("digest", { mailingId: 82, content: { CODE: [SECRET_TEXT] } }, { secretKeys: ["content"] })]);
    const text = [preview.error?.message ?? "", ...preview.failures.map((f) => f.reason), ...preview.diagnostics].join("\n");
    assert.match(text, /content\.CODE/);
    assert.equal(text.includes(SECRET_TEXT), false, text);
  });
});
