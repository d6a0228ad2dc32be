import { strict as assert } from "node:assert";
import {
  AltcraftApiError,
  AltcraftConnectionError,
  AltcraftError,
  AltcraftHttpError,
  AltcraftResponseError,
  AltcraftTimeoutError,
  AuthenticationError,
  BadRequestError,
  MailingNotFoundError,
  PermissionError,
  PlanLimitError,
  isAltcraftApiError,
  isAltcraftConnectionError,
  isAltcraftError,
  isAltcraftTimeoutError,
  isMailingNotFoundError,
  isRetryableError,
} from "../../sdk";
import { rejectionOf, testClient } from "./support/fixtures";
import { jsonEnvelope, startScriptedServer, xmlReply, type ScriptedServer } from "./support/scripted-server";

const CODE_TABLE: { code: number; name: string; cls: new (...args: never[]) => AltcraftApiError }[] = [
  { code: 400, name: "BadRequestError", cls: BadRequestError },
  { code: 401, name: "AuthenticationError", cls: AuthenticationError },
  { code: 402, name: "PlanLimitError", cls: PlanLimitError },
  { code: 403, name: "PermissionError", cls: PermissionError },
  { code: 404, name: "MailingNotFoundError", cls: MailingNotFoundError },
  { code: 500, name: "AltcraftApiError", cls: AltcraftApiError },
  { code: 1234, name: "AltcraftApiError", cls: AltcraftApiError },
];

describe("sdk: envelope errors map to typed classes", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  for (const { code, name, cls } of CODE_TABLE) {
    for (const format of ["json", "xml"] as const) {
      it(`error ${code} (${format}) → ${name}, not retried`, async () => {
        const reply = format === "json" ? jsonEnvelope(null, code, "Some failure") : xmlReply(`<data/><error>${code}</error><error_text>Some failure</error_text>`);
        server = await startScriptedServer([reply, reply]);
        const { client, clock } = testClient(server.baseUrl, { format });
        const error = await rejectionOf(client.mailings.getStatus({ id: 7 }));
        client.close();

        assert.ok(error instanceof cls);
        assert.equal((error as Error).name, name);
        const api = error as AltcraftApiError;
        assert.equal(api.kind, "api");
        assert.equal(api.code, code);
        assert.equal(api.errorText, "Some failure");
        assert.equal(api.httpStatus, 200);
        assert.equal(api.endpoint, "campaigns/get_status");
        assert.equal(api.mailingId, 7);
        assert.equal(api.requestId, server.requests[0]?.headers["request-id"]);
        assert.equal(api.retryable, false);
        assert.equal(api.attempts, 1);
        assert.ok(api.message.startsWith(`campaigns/get_status: ${code} Some failure (mailing 7)`), api.message);
        assert.equal(server.requests.length, 1, "an envelope error is final");
        assert.deepStrictEqual(clock.delays, []);
        assert.equal(isAltcraftApiError(error), true);
        assert.equal(isMailingNotFoundError(error), code === 404);
        assert.equal(isRetryableError(error), false);
      });
    }
  }

  it("formats the message as <endpoint>: <code> <error_text> (mailing <id>)", async () => {
    server = await startScriptedServer([jsonEnvelope(null, 400, "Invalid parameter")]);
    const { client } = testClient(server.baseUrl);
    const error = (await rejectionOf(client.mailings.activate({ id: 82 }))) as Error;
    client.close();
    assert.equal(error.message, "campaigns/activate/: 400 Invalid parameter (mailing 82)");
  });

  it("points a 403 at the token's roles and group access", async () => {
    server = await startScriptedServer([jsonEnvelope(null, 403, "Access denied")]);
    const { client } = testClient(server.baseUrl);
    const error = (await rejectionOf(client.mailings.activate({ id: 82 }))) as Error;
    client.close();
    assert.ok(error.message.startsWith("campaigns/activate/: 403 Access denied (mailing 82)"), error.message);
    assert.match(error.message, /roles/);
    assert.match(error.message, /group access/);
  });

  it("leaves the mailing out of list errors, which have no id", async () => {
    server = await startScriptedServer([jsonEnvelope(null, 401, "Token is empty")]);
    const { client } = testClient(server.baseUrl);
    const error = (await rejectionOf(client.mailings.list())) as AuthenticationError;
    client.close();
    assert.ok(error.message.startsWith("campaigns/list: 401 Token is empty:"), error.message);
    assert.equal(error.mailingId, undefined);
    assert.ok(!("mailingId" in error));
  });

  it("decides from the envelope even when the HTTP status says otherwise", async () => {
    server = await startScriptedServer([
      { status: 403, headers: { "Content-Type": "application/json" }, body: '{"data":null,"error":403,"error_text":"Forbidden"}' },
      { status: 500, headers: { "Content-Type": "application/json" }, body: '{"data":{"is_active":true,"is_completed":false,"status":"Active"},"error":0,"error_text":"Successful operation"}' },
    ]);
    const { client } = testClient(server.baseUrl);
    const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }))) as PermissionError;
    const status = await client.mailings.getStatus({ id: 1 });
    client.close();
    assert.equal(error.name, "PermissionError");
    assert.equal(error.httpStatus, 403);
    assert.deepStrictEqual(status, { isActive: true, isCompleted: false, status: "Active" });
    assert.equal(server.requests.length, 2);
  });
});

describe("sdk: non-envelope answers", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  const HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

  it("a 200 HTML page is an AltcraftResponseError with a snippet, not retried", async () => {
    server = await startScriptedServer([{ status: 200, headers: { "Content-Type": "text/html" }, body: HTML }]);
    const { client } = testClient(server.baseUrl);
    const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }))) as AltcraftResponseError;
    client.close();
    assert.ok(error instanceof AltcraftResponseError);
    assert.equal(error.kind, "response");
    assert.equal(error.httpStatus, 200);
    assert.equal(error.endpoint, "campaigns/get_status");
    assert.match(error.problem, /HTML/);
    assert.ok(error.snippet.startsWith("<!DOCTYPE html>"));
    assert.equal(error.retryable, false);
    assert.equal(server.requests.length, 1);
  });

  it("a 404 HTML page is an AltcraftHttpError, not retried", async () => {
    server = await startScriptedServer([{ status: 404, headers: { "Content-Type": "text/html" }, body: "<html><body>Not Found</body></html>" }]);
    const { client } = testClient(server.baseUrl);
    const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }))) as AltcraftHttpError;
    client.close();
    assert.ok(error instanceof AltcraftHttpError);
    assert.equal(error.kind, "http");
    assert.equal(error.httpStatus, 404);
    assert.match(error.message, /^campaigns\/get_status: HTTP 404 without an Altcraft envelope: <html>/);
    assert.equal(error.retryable, false);
    assert.equal(server.requests.length, 1);
  });

  const MALFORMED: { title: string; body: string; contentType: string; problem: RegExp }[] = [
    { title: "invalid JSON", body: '{"data":null,"error":0', contentType: "application/json", problem: /invalid JSON/ },
    { title: "invalid XML", body: "<xml><data></xml>", contentType: "application/xml", problem: /invalid XML/ },
    { title: "XML without the <xml> root", body: "<root><error>0</error></root>", contentType: "application/xml", problem: /invalid XML/ },
    { title: "JSON without an error field", body: '{"data":{"is_active":true}}', contentType: "application/json", problem: /no integer `error`/ },
    { title: "a string error code", body: '{"data":null,"error":"0","error_text":"ok"}', contentType: "application/json", problem: /no integer `error`/ },
    { title: "a JSON array", body: "[1,2]", contentType: "application/json", problem: /not an object/ },
    { title: "an empty body", body: "", contentType: "application/json", problem: /empty body/ },
    { title: "plain text", body: "Service temporarily unavailable", contentType: "text/plain", problem: /invalid JSON/ },
  ];
  for (const m of MALFORMED) {
    it(`a 200 with ${m.title} is an AltcraftResponseError`, async () => {
      server = await startScriptedServer([{ status: 200, headers: { "Content-Type": m.contentType }, body: m.body }]);
      const { client } = testClient(server.baseUrl);
      const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }))) as AltcraftResponseError;
      client.close();
      assert.equal(error.name, "AltcraftResponseError");
      assert.match(error.problem, m.problem);
      assert.equal(error.retryable, false);
      assert.equal(server.requests.length, 1);
    });
  }

  it("a body cut short by the connection is an AltcraftResponseError (truncated)", async () => {
    server = await startScriptedServer([{ truncate: { declaredLength: 200, body: '{"data":{"is_active":tr' } }]);
    const { client } = testClient(server.baseUrl);
    const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }))) as AltcraftResponseError;
    client.close();
    assert.equal(error.kind, "response");
    assert.match(error.problem, /truncated/);
    assert.equal(error.httpStatus, 200);
    assert.equal(server.requests.length, 1);
  });

  it("a connection refused is an AltcraftConnectionError carrying the system code", async () => {
    const closed = await startScriptedServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const { client } = testClient(baseUrl, { maxRetries: 0 });
    const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }))) as AltcraftConnectionError;
    client.close();
    assert.ok(error instanceof AltcraftConnectionError);
    assert.equal(error.kind, "connection");
    assert.equal(error.cause, "ECONNREFUSED");
    assert.equal(error.retryable, true);
    assert.equal(isAltcraftConnectionError(error), true);
    assert.equal(isAltcraftTimeoutError(error), false);
    assert.match(error.message, /^campaigns\/get_status: connection failed \(ECONNREFUSED\)/);
  });

  it("a hung server is an AltcraftTimeoutError naming the limit", async () => {
    server = await startScriptedServer([{ hang: true }]);
    const { client } = testClient(server.baseUrl, { maxRetries: 0, timeoutMs: 5_000 });
    const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }, { timeoutMs: 60 }))) as AltcraftTimeoutError;
    client.close();
    assert.ok(error instanceof AltcraftTimeoutError);
    assert.ok(error instanceof AltcraftConnectionError);
    assert.equal(error.kind, "timeout");
    assert.equal(error.timeoutMs, 60);
    assert.match(error.message, /60 ms/);
    assert.equal(isAltcraftTimeoutError(error), true);
    assert.equal(isAltcraftConnectionError(error), true);
    assert.equal(isRetryableError(error), true);
  });
});

describe("sdk: type guards without instanceof", () => {
  const details = { code: 404, errorText: "Not found", httpStatus: 200, endpoint: "campaigns/get", mailingId: 5, requestId: "r-1" };

  it("sets name and message as own properties", () => {
    const error = new MailingNotFoundError(details);
    assert.equal(Object.getOwnPropertyDescriptor(error, "name")?.value, "MailingNotFoundError");
    assert.equal(Object.getOwnPropertyDescriptor(error, "message")?.value, "campaigns/get: 404 Not found (mailing 5)");
  });

  it("recognise a structural copy (what a re-created class or a JSON round trip leaves)", () => {
    const copy: unknown = JSON.parse(JSON.stringify(new MailingNotFoundError(details)));
    assert.equal(copy instanceof AltcraftError, false);
    assert.equal(isAltcraftError(copy), true);
    assert.equal(isAltcraftApiError(copy), true);
    assert.equal(isMailingNotFoundError(copy), true);
    assert.equal(AltcraftError.isInstance(copy), true);
  });

  it("recognise errors from a second, independently loaded copy of the module", () => {
    const path = require.resolve("../../sdk/errors");
    const original = require.cache[path];
    delete require.cache[path];
    try {
      const copy = require("../../sdk/errors") as typeof import("../../sdk/errors");
      assert.notEqual(copy.MailingNotFoundError, MailingNotFoundError);
      const foreign = new copy.MailingNotFoundError(details);
      assert.equal(foreign instanceof MailingNotFoundError, false);
      assert.equal(isMailingNotFoundError(foreign), true);
      const timeout = new copy.AltcraftTimeoutError("campaigns/get", "r", 10);
      assert.equal(isAltcraftTimeoutError(timeout), true);
      assert.equal(isAltcraftConnectionError(timeout), true);
      assert.equal(isRetryableError(timeout), true);
    } finally {
      if (original) require.cache[path] = original;
    }
  });

  it("reject look-alikes without the brand", () => {
    const fake = Object.assign(new Error("x"), { kind: "api", code: 404, retryable: true });
    assert.equal(isAltcraftError(fake), false);
    assert.equal(isMailingNotFoundError(fake), false);
    assert.equal(isRetryableError(fake), false);
    assert.equal(isAltcraftError(undefined), false);
    assert.equal(isAltcraftError("error"), false);
  });
});
