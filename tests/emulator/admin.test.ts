import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { callJson, rawRequest, startSeeded } from "./helpers";

describe("emulator admin endpoints", () => {
  let emulator: Emulator;
  beforeEach(async () => ({ emulator } = await startSeeded()));
  afterEach(() => emulator.close());

  const admin = async (method: string, name: string, body?: unknown) => {
    const res = await rawRequest(emulator, {
      method,
      path: `/__emulator/${name}`,
      headers: { "content-type": "application/json" },
      body: body === undefined ? "" : JSON.stringify(body),
    });
    return { status: res.status, json: JSON.parse(res.text) as Record<string, unknown> };
  };

  it("GET state lists every mailing snapshot", async () => {
    const res = await admin("GET", "state");
    assert.equal(res.status, 200);
    assert.deepEqual((res.json["mailings"] as { id: number }[]).map((m) => m.id), [15, 82, 4727]);
  });

  it("GET requests, executions and launches mirror the records", async () => {
    await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "a1" });
    await callJson(emulator, "activate", { id: 4727, run_now: true }, { requestId: "a2" });
    assert.equal(((await admin("GET", "requests")).json["requests"] as unknown[]).length, 2);
    assert.deepEqual(
      ((await admin("GET", "executions")).json["executions"] as { requestId: string }[]).map((e) => e.requestId),
      ["a1", "a2"],
    );
    assert.deepEqual((await admin("GET", "launches?mailingId=4727")).json["launches"], JSON.parse(JSON.stringify(emulator.launches(4727))));
    assert.equal(((await admin("GET", "launches")).json["launches"] as unknown[]).length, 2);
    assert.equal(emulator.requests.length, 2, "admin calls are not recorded as API requests");
  });

  it("POST faults adds a rule, GET lists it, DELETE clears", async () => {
    const added = await admin("POST", "faults", { endpoint: "activate", fault: { type: "status", status: 503 } });
    assert.equal(added.status, 201);
    assert.equal((await admin("GET", "faults")).json["faults"] instanceof Array, true);
    assert.equal((await callJson(emulator, "activate", { id: 82 })).status, 503);
    await admin("POST", "faults", { fault: { type: "reset" } });
    assert.equal((await admin("DELETE", "faults")).status, 200);
    assert.deepEqual(emulator.faults.list(), []);
  });

  it("rejects a bad fault rule with 400 naming the field", async () => {
    const res = await admin("POST", "faults", { fault: { type: "status", status: "x" } });
    assert.equal(res.status, 400);
    assert.match(String(res.json["error"]), /status must be an HTTP status/);
  });

  it("POST mailings seeds one, DELETE mailings/<id> removes it", async () => {
    const created = await admin("POST", "mailings", { id: 500, name: "Seeded", type: "trigger", isActive: true });
    assert.equal(created.status, 201);
    assert.equal((created.json["mailing"] as { name: string }).name, "Seeded");
    assert.equal((await callJson(emulator, "getStatus", { id: 500 })).envelope.error, 0);
    assert.equal((await admin("DELETE", "mailings/500")).status, 200);
    assert.equal(emulator.mailing(500), undefined);
    assert.equal((await admin("DELETE", "mailings/500")).status, 404);
  });

  it("rejects a bad seed with 400 naming the field", async () => {
    const res = await admin("POST", "mailings", { id: 5, type: "newsletter" });
    assert.equal(res.status, 400);
    assert.match(String(res.json["error"]), /type must be one of/);
  });

  it("rejects a non-JSON body with 400", async () => {
    const res = await rawRequest(emulator, { path: "/__emulator/faults", headers: { "content-type": "application/json" }, body: "{not json" });
    assert.equal(res.status, 400);
    assert.match(JSON.parse(res.text).error, /must be JSON/);
  });

  it("POST reset restores the seed and clears records", async () => {
    await callJson(emulator, "delete", { id: 15 });
    const res = await admin("POST", "reset");
    assert.equal(res.status, 200);
    assert.ok(emulator.mailing(15));
    assert.equal(emulator.requests.length, 0);
  });

  it("answers 404 for an unknown admin endpoint and 405 for a wrong method", async () => {
    assert.equal((await admin("GET", "nothing")).status, 404);
    const wrong = await admin("DELETE", "state");
    assert.equal(wrong.status, 405);
    assert.match(String(wrong.json["error"]), /use GET/);
  });
});
