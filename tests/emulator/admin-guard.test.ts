import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { rawRequest, startSeeded, type RawRequest } from "./helpers";

describe("emulator admin API: cross-site and DNS-rebinding defence, no prototype routes", () => {
  let emulator: Emulator;
  beforeEach(async () => ({ emulator } = await startSeeded()));
  afterEach(() => emulator.close());

  const admin = async (req: RawRequest) => {
    const res = await rawRequest(emulator, req);
    return { status: res.status, error: String((JSON.parse(res.text) as { error?: string }).error ?? "") };
  };
  const rule = JSON.stringify({ endpoint: "activate", fault: { type: "status", status: 503 } });

  it("refuses a text/plain POST (a cross-site form or fetch needs no preflight for it) with 415, and changes nothing", async () => {
    const res = await admin({ path: "/__emulator/faults", headers: { "content-type": "text/plain" }, body: rule });
    assert.equal(res.status, 415);
    assert.match(res.error, /Content-Type: application\/json/);
    const none = await admin({ path: "/__emulator/reset", body: "" });
    assert.equal(none.status, 415, "a POST without any Content-Type is refused too");
    assert.equal(emulator.faults.list().length, 0);
  });

  it("accepts application/json with parameters", async () => {
    const res = await rawRequest(emulator, { path: "/__emulator/faults", headers: { "content-type": "application/json; charset=utf-8" }, body: rule });
    assert.equal(res.status, 201);
    assert.equal(emulator.faults.list().length, 1);
  });

  it("refuses a Host that does not name the emulator (DNS rebinding), on GET too", async () => {
    const rebound = await admin({ method: "GET", path: "/__emulator/requests", headers: { host: `attacker.example:${emulator.port}` } });
    assert.equal(rebound.status, 403);
    assert.match(rebound.error, /Host names the emulator/);
    const otherPort = await admin({ method: "GET", path: "/__emulator/state", headers: { host: `127.0.0.1:${emulator.port + 1}` } });
    assert.equal(otherPort.status, 403, "a loopback name with another port is another server");
    const posted = await admin({ path: "/__emulator/faults", headers: { host: "evil.test", "content-type": "application/json" }, body: rule });
    assert.equal(posted.status, 403);
    assert.equal(emulator.faults.list().length, 0);
  });

  it("accepts every loopback spelling of its own host:port", async () => {
    for (const host of [`127.0.0.1:${emulator.port}`, `localhost:${emulator.port}`, `LOCALHOST:${emulator.port}`, `[::1]:${emulator.port}`]) {
      const res = await rawRequest(emulator, { method: "GET", path: "/__emulator/state", headers: { host } });
      assert.equal(res.status, 200, host);
    }
  });

  it("accepts the extra names of adminHosts", async () => {
    await emulator.close();
    ({ emulator } = await startSeeded({ adminHosts: ["emulator", "ci-box:9999"] }));
    const named = await rawRequest(emulator, { method: "GET", path: "/__emulator/state", headers: { host: `emulator:${emulator.port}` } });
    const withPort = await rawRequest(emulator, { method: "GET", path: "/__emulator/state", headers: { host: "ci-box:9999" } });
    const other = await rawRequest(emulator, { method: "GET", path: "/__emulator/state", headers: { host: `ci-box:${emulator.port}` } });
    assert.deepEqual([named.status, withPort.status, other.status], [200, 200, 403]);
  });

  it("refuses a browser's cross-site request (foreign Origin, null Origin, Sec-Fetch-Site: cross-site)", async () => {
    const json = { "content-type": "application/json" };
    const cases: Record<string, string>[] = [
      { ...json, origin: "https://attacker.example" },
      { ...json, origin: "null" },
      { ...json, "sec-fetch-site": "cross-site" },
    ];
    for (const headers of cases) {
      const res = await admin({ path: "/__emulator/faults", headers, body: rule });
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.match(res.error, /cross-site/);
    }
    assert.equal(emulator.faults.list().length, 0);
    const sameOrigin = await rawRequest(emulator, { path: "/__emulator/faults", headers: { ...json, origin: `http://localhost:${emulator.port}` }, body: rule });
    assert.equal(sameOrigin.status, 201, "a page served from the emulator's own origin may call it");
  });

  it("does not guard the API paths (they have tokens) the same way", async () => {
    const res = await rawRequest(emulator, {
      path: "/api/v1.1/campaigns/get_status",
      headers: { host: "anything.example", "content-type": "application/json" },
      body: JSON.stringify({ token: "emulator-token", id: 82 }),
    });
    assert.equal(JSON.parse(res.text).error, 0);
  });

  for (const name of ["constructor", "__proto__", "hasOwnProperty", "toString", "valueOf", "isPrototypeOf", "__defineGetter__"]) {
    it(`GET /__emulator/${name} is 404, not a route found through the prototype chain`, async () => {
      for (const method of ["GET", "POST", "DELETE"]) {
        const res = await admin({ method, path: `/__emulator/${name}`, headers: { "content-type": "application/json" }, body: "{}" });
        assert.equal(res.status, 404, `${method} ${name}`);
        assert.match(res.error, /unknown admin endpoint/);
      }
    });
  }

  it("an unknown HTTP method on a known route is 405", async () => {
    const res = await admin({ method: "PUT", path: "/__emulator/state", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(res.status, 405);
  });
});
