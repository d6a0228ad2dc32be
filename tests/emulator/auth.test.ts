import { strict as assert } from "node:assert";
import { ERROR_CODES } from "../../sdk/codes";
import { endpointPath } from "../../sdk/endpoints";
import { startEmulator, type Emulator } from "../../emulator";
import { callJson, rawRequest } from "./helpers";

const SECRET = "s3cr3t-t0ken-value";

describe("emulator authentication", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator({ tokens: [SECRET, "second-token"], mailings: [{ id: 82 }] });
  });
  afterEach(() => emulator.close());

  it("accepts the token in the body and records where it was", async () => {
    const res = await callJson(emulator, "getStatus", { id: 82 }, { token: SECRET });
    assert.equal(res.envelope.error, 0);
    assert.equal(emulator.requests[0]?.tokenIn, "body");
  });

  it("accepts Authorization: Bearer", async () => {
    const res = await callJson(emulator, "getStatus", { id: 82 }, { token: null, headers: { authorization: `Bearer ${SECRET}` } });
    assert.equal(res.envelope.error, 0);
    assert.equal(emulator.requests[0]?.tokenIn, "header");
    assert.equal(emulator.requests[0]?.headers.authorization, "[REDACTED]");
  });

  it("accepts any of several configured tokens", async () => {
    const res = await callJson(emulator, "getStatus", { id: 82 }, { token: "second-token" });
    assert.equal(res.envelope.error, 0);
  });

  it("answers 401 when no token is sent", async () => {
    const res = await callJson(emulator, "activate", { id: 82 }, { token: null });
    assert.equal(res.status, 200);
    assert.equal(res.envelope.error, ERROR_CODES.unauthorized);
    assert.match(res.envelope.error_text, /API token missing/);
    assert.equal(emulator.executions.length, 0);
    assert.equal(emulator.mailing(82)?.isActive, false);
  });

  it("treats a non-Bearer Authorization header as no token", async () => {
    const res = await callJson(emulator, "getStatus", { id: 82 }, { token: null, headers: { authorization: `Basic ${SECRET}` } });
    assert.equal(res.envelope.error, ERROR_CODES.unauthorized);
  });

  it("answers 403 for a wrong token, in body or header", async () => {
    const body = await callJson(emulator, "activate", { id: 82 }, { token: "wrong" });
    const header = await callJson(emulator, "activate", { id: 82 }, { token: null, headers: { authorization: "Bearer wrong" } });
    assert.equal(body.envelope.error, ERROR_CODES.forbidden);
    assert.equal(header.envelope.error, ERROR_CODES.forbidden);
    assert.equal(emulator.executions.length, 0);
  });

  it("never echoes the token in responses or records", async () => {
    await callJson(emulator, "activate", { id: 82, run_now: true }, { token: SECRET, requestId: "r1" });
    await callJson(emulator, "activate", { id: 82, run_now: true }, { token: SECRET, requestId: "r1" });
    await callJson(emulator, "getStatus", { id: "not-a-number" }, { token: SECRET });
    await callJson(emulator, "getStatus", { id: 82 }, { token: `${SECRET}-wrong` });
    const unknown = await rawRequest(emulator, { path: `/api/v1.1/${SECRET}/x`, body: JSON.stringify({ token: SECRET }) });
    const admin = await Promise.all(
      ["requests", "executions", "launches", "state"].map((name) => rawRequest(emulator, { method: "GET", path: `/__emulator/${name}` })),
    );
    const texts = [unknown.text, JSON.stringify(emulator.requests), JSON.stringify(emulator.executions), JSON.stringify(emulator.launches()), ...admin.map((r) => r.text)];
    for (const text of texts) assert.ok(!text.includes(SECRET), `token leaked into: ${text.slice(0, 200)}`);
    assert.ok(!JSON.stringify(emulator.requests[0]?.body).includes("token"));
  });

  it("accepts the discouraged ?token= query parameter without recording it", async () => {
    const res = await rawRequest(emulator, { path: `${endpointPath("getStatus")}?token=${SECRET}`, headers: { "content-type": "application/json" }, body: '{"id":82}' });
    assert.equal(JSON.parse(res.text).error, 0);
    assert.equal(emulator.requests[0]?.tokenIn, "query");
    assert.ok(!JSON.stringify(emulator.requests).includes(SECRET));
  });
});
