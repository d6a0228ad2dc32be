import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { activationRequestId, canonicalJson, freshRequestId, type ActivationIntent } from "../../provider/request-ids";

const TOKEN = "request-ids-token-83c1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("activation Request-IDs", () => {
  const intent: ActivationIntent = {
    declaredBy: "shop/prod/alert",
    generation: "create",
    params: { id: 82, runNow: true, overrideLimit: 300, content: { a: 1, b: "x" }, triggers: null },
  };

  it("are UUID-shaped", () => {
    assert.match(activationRequestId(TOKEN, intent), UUID);
    assert.match(freshRequestId(), UUID);
  });

  it("repeat for the same intent, whatever the key order, so every retry of a step (also after a crash) is de-duplicated", () => {
    const reordered: ActivationIntent = {
      params: { triggers: null, content: { b: "x", a: 1 }, overrideLimit: 300, runNow: true, id: 82 },
      generation: "create",
      declaredBy: "shop/prod/alert",
    };
    assert.equal(activationRequestId(TOKEN, intent), activationRequestId(TOKEN, reordered));
  });

  it("differ per stack, project and resource, per intended run, and per generation", () => {
    const base = activationRequestId(TOKEN, intent);
    const variants: ActivationIntent[] = [
      { ...intent, declaredBy: "shop/staging/alert" },
      { ...intent, declaredBy: "other-project/prod/alert" },
      { ...intent, declaredBy: "shop/prod/alert-2" },
      { ...intent, params: { ...intent.params, overrideLimit: 301 } },
      { ...intent, params: { ...intent.params, id: 83 } },
      { ...intent, params: { ...intent.params, triggers: ["v2"] } },
      { ...intent, generation: base },
    ];
    const ids = variants.map((variant) => activationRequestId(TOKEN, variant));
    assert.equal(new Set([base, ...ids]).size, variants.length + 1);
  });

  it("are keyed by the token: another token gives another id, and a plain hash of the intent does not find it", () => {
    const id = activationRequestId(TOKEN, intent);
    assert.notEqual(activationRequestId(`${TOKEN}-rotated`, intent), id);
    // Whoever reads the state sees the id; without the token they cannot test guesses of secret content against it.
    for (const text of [canonicalJson(intent), canonicalJson({ v: 2, ...intent }), canonicalJson(intent.params)]) {
      const hex = createHash("sha256").update(text).digest("hex");
      assert.notEqual(id.slice(0, 8), hex.slice(0, 8));
    }
  });

  it("fresh ids never repeat", () => {
    assert.notEqual(freshRequestId(), freshRequestId());
  });

  it("canonical JSON sorts object keys at every depth but keeps list order", () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }), '{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
