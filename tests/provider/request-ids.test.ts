import assert from "node:assert/strict";
import { activationRequestId, canonicalJson, freshRequestId } from "../../provider/request-ids";

describe("activation Request-IDs", () => {
  const params = { id: 82, runNow: true, overrideLimit: 300, content: { a: 1, b: "x" } };

  it("are UUID-shaped", () => {
    assert.match(activationRequestId("create", params), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(freshRequestId(), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("repeat for the same intent, whatever the key order, so a re-run is de-duplicated", () => {
    const reordered = { content: { b: "x", a: 1 }, overrideLimit: 300, runNow: true, id: 82 };
    assert.equal(activationRequestId("create", params), activationRequestId("create", reordered));
  });

  it("differ for other parameters, another mailing, or a later generation", () => {
    const base = activationRequestId("create", params);
    assert.notEqual(activationRequestId("create", { ...params, overrideLimit: 301 }), base);
    assert.notEqual(activationRequestId("create", { ...params, id: 83 }), base);
    assert.notEqual(activationRequestId(base, params), base);
    assert.notEqual(activationRequestId("create", { ...params, triggers: ["v2"] }), base);
  });

  it("fresh ids never repeat", () => {
    assert.notEqual(freshRequestId(), freshRequestId());
  });

  it("canonical JSON sorts object keys at every depth but keeps list order", () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }), '{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
