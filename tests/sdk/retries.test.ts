import { strict as assert } from "node:assert";
import type { AltcraftHttpError, AltcraftTimeoutError, RetryEvent } from "../../sdk";
import { rejectionOf, testClient } from "./support/fixtures";
import { OK_BODY, jsonEnvelope, startScriptedServer, type Reply, type ScriptedServer } from "./support/scripted-server";

const GATEWAY_HTML = "<html><body><h1>Bad Gateway</h1></body></html>";

function gateway(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "Content-Type": "text/html", ...headers }, body: GATEWAY_HTML };
}

function requestIds(server: ScriptedServer): string[] {
  return server.requests.map((r) => String(r.headers["request-id"]));
}

describe("sdk: retries", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  for (const status of [502, 503, 504, 500]) {
    it(`retries an envelope-less ${status} with one Request-ID and succeeds`, async () => {
      server = await startScriptedServer([gateway(status), gateway(status)]);
      const { client, clock } = testClient(server.baseUrl, { retryBaseMs: 100, retryMaxMs: 1_000 });
      const meta = await client.mailings.activate({ id: 82, runNow: true });
      client.close();
      assert.equal(meta.attempts, 3);
      assert.equal(server.requests.length, 3);
      assert.deepStrictEqual(requestIds(server), [meta.requestId, meta.requestId, meta.requestId]);
      assert.ok(server.requests.every((r) => r.body === server.requests[0]?.body), "every attempt sends the same body");
      // random() = 0.5: 75% of 100·2^n.
      assert.deepStrictEqual(clock.delays, [75, 150]);
    });
  }

  it("does not retry a 500 that carries an Altcraft error envelope", async () => {
    server = await startScriptedServer([{ status: 500, headers: { "Content-Type": "application/json" }, body: '{"data":null,"error":500,"error_text":"Internal error"}' }]);
    const { client, clock } = testClient(server.baseUrl);
    const error = (await rejectionOf(client.mailings.activate({ id: 1 }))) as Error;
    client.close();
    assert.equal(error.name, "AltcraftApiError");
    assert.equal(server.requests.length, 1);
    assert.deepStrictEqual(clock.delays, []);
  });

  for (const status of [400, 401, 403, 404, 405, 408, 409, 422]) {
    it(`does not retry an envelope-less ${status}`, async () => {
      server = await startScriptedServer([gateway(status)]);
      const { client, clock } = testClient(server.baseUrl);
      const error = (await rejectionOf(client.mailings.activate({ id: 1 }))) as AltcraftHttpError;
      client.close();
      assert.equal(error.name, "AltcraftHttpError");
      assert.equal(error.httpStatus, status);
      assert.equal(server.requests.length, 1);
      assert.deepStrictEqual(clock.delays, []);
    });
  }

  it("does not retry API errors (the envelope's answer is final)", async () => {
    server = await startScriptedServer([jsonEnvelope(null, 403, "Access denied"), jsonEnvelope(null, 403, "Access denied")]);
    const { client } = testClient(server.baseUrl);
    await rejectionOf(client.mailings.deactivate({ id: 9 }));
    client.close();
    assert.equal(server.requests.length, 1);
  });

  it("does not retry a malformed 200 body", async () => {
    server = await startScriptedServer([{ status: 200, body: "{oops" }]);
    const { client } = testClient(server.baseUrl);
    await rejectionOf(client.mailings.getStatus({ id: 9 }));
    client.close();
    assert.equal(server.requests.length, 1);
  });

  it("retries a connection reset with the same Request-ID", async () => {
    server = await startScriptedServer([{ reset: true }, { reset: true }]);
    const { client, clock } = testClient(server.baseUrl);
    const meta = await client.mailings.activate({ id: 82 });
    client.close();
    assert.equal(meta.attempts, 3);
    assert.deepStrictEqual(requestIds(server), [meta.requestId, meta.requestId, meta.requestId]);
    assert.equal(clock.delays.length, 2);
  });

  it("retries after a per-attempt timeout (server hangs past timeoutMs)", async () => {
    server = await startScriptedServer([{ hang: true }, jsonEnvelope({ is_active: true, is_completed: false, status: "Active" })]);
    const { client, clock } = testClient(server.baseUrl, { timeoutMs: 80 });
    const status = await client.mailings.getStatus({ id: 1 });
    client.close();
    assert.deepStrictEqual(status, { isActive: true, isCompleted: false, status: "Active" });
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]?.headers["request-id"], server.requests[1]?.headers["request-id"]);
    assert.equal(clock.delays.length, 1);
  });

  it("honours Retry-After seconds on 429", async () => {
    server = await startScriptedServer([gateway(429, { "Retry-After": "3" })]);
    const { client, clock } = testClient(server.baseUrl);
    const meta = await client.mailings.activate({ id: 1 });
    client.close();
    assert.equal(meta.attempts, 2);
    assert.deepStrictEqual(clock.delays, [3_000]);
  });

  it("honours a Retry-After HTTP-date on 429", async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    server = await startScriptedServer([gateway(429, { "Retry-After": at })]);
    const { client, clock } = testClient(server.baseUrl);
    await client.mailings.activate({ id: 1 });
    client.close();
    assert.equal(clock.delays.length, 1);
    const delay = clock.delays[0]!;
    // An HTTP-date has whole seconds, so the wait is between 19 and 20 s.
    assert.ok(delay > 18_000 && delay <= 20_000, `delay ${delay}`);
  });

  it("caps a long Retry-After at maxRetryAfterMs", async () => {
    server = await startScriptedServer([gateway(429, { "Retry-After": "3600" }), gateway(503, { "Retry-After": "3600" })]);
    const { client, clock } = testClient(server.baseUrl, { maxRetryAfterMs: 5_000 });
    await client.mailings.activate({ id: 1 });
    client.close();
    assert.deepStrictEqual(clock.delays, [5_000, 5_000]);
  });

  it("gives the last typed error when the budget runs out, with the attempts made", async () => {
    server = await startScriptedServer([gateway(502), gateway(503), gateway(504)]);
    const { client, clock } = testClient(server.baseUrl, { maxRetries: 2 });
    const error = (await rejectionOf(client.mailings.activate({ id: 82 }))) as AltcraftHttpError;
    client.close();
    assert.equal(error.name, "AltcraftHttpError");
    assert.equal(error.httpStatus, 504);
    assert.equal(error.attempts, 3);
    assert.equal(error.retryable, true);
    assert.equal(error.requestId, server.requests[0]?.headers["request-id"]);
    assert.equal(server.requests.length, 3);
    assert.equal(clock.delays.length, 2);
  });

  it("gives a timeout error when every attempt times out", async () => {
    server = await startScriptedServer([{ hang: true }, { hang: true }]);
    const { client } = testClient(server.baseUrl, { maxRetries: 1, timeoutMs: 50 });
    const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }))) as AltcraftTimeoutError;
    client.close();
    assert.equal(error.name, "AltcraftTimeoutError");
    assert.equal(error.attempts, 2);
    assert.equal(server.requests.length, 2);
  });

  it("makes one attempt when maxRetries is 0", async () => {
    server = await startScriptedServer([gateway(503)]);
    const { client, clock } = testClient(server.baseUrl, { maxRetries: 0 });
    const error = (await rejectionOf(client.mailings.activate({ id: 1 }))) as AltcraftHttpError;
    client.close();
    assert.equal(error.attempts, 1);
    assert.equal(server.requests.length, 1);
    assert.deepStrictEqual(clock.delays, []);
  });

  it("uses a new Request-ID for each call, but the given one on every attempt", async () => {
    server = await startScriptedServer([gateway(503), { status: 200, body: OK_BODY }, gateway(503)]);
    const { client } = testClient(server.baseUrl);
    const first = await client.mailings.activate({ id: 1 });
    const second = await client.mailings.activate({ id: 1 }, { requestId: "release-7" });
    client.close();
    assert.deepStrictEqual(requestIds(server), [first.requestId, first.requestId, "release-7", "release-7"]);
    assert.notEqual(first.requestId, "release-7");
    assert.equal(second.requestId, "release-7");
    assert.equal(second.attempts, 2);
  });

  it("reports each retry to onRetry", async () => {
    server = await startScriptedServer([gateway(503), { reset: true }]);
    const events: RetryEvent[] = [];
    const { client } = testClient(server.baseUrl, { onRetry: (e) => events.push(e), retryBaseMs: 200 });
    const meta = await client.mailings.activate({ id: 82 });
    client.close();
    assert.equal(events.length, 2);
    assert.deepStrictEqual(
      events.map(({ endpoint, attempt, delayMs, requestId }) => ({ endpoint, attempt, delayMs, requestId })),
      [
        { endpoint: "campaigns/activate/", attempt: 1, delayMs: 150, requestId: meta.requestId },
        { endpoint: "campaigns/activate/", attempt: 2, delayMs: 300, requestId: meta.requestId },
      ],
    );
    assert.match(events[0]!.reason, /HTTP 503/);
    assert.match(events[1]!.reason, /ECONNRESET/);
  });
});
