import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { REDACTED, type RetryEvent } from "../../sdk";
import { MIN_SENSITIVE_LENGTH, sensitiveStrings } from "../../sdk/sensitive";
import { DOC_TOKEN, rejectionOf, testClient } from "./support/fixtures";
import { startScriptedServer, type RecordedRequest, type Reply, type ScriptedServer } from "./support/scripted-server";

/** Secret values as the provider passes them: a 4-digit code (number and string), a word with escapable characters, an attach URL. */
const PIN = 4711;
const CODE = "9876";
const PHRASE = `s3cret&"<phrase>/+`;
const ATTACH = "https://files.example/secret-attachment.pdf";
const SENSITIVE = [PIN, CODE, PHRASE, { url: ATTACH }];
const FORMS = [String(PIN), CODE, "s3cret", "secret-attachment"];

function rendered(value: unknown): string {
  const parts = [inspect(value, { depth: Infinity, showHidden: true })];
  if (value instanceof Error) parts.push(String(value.stack), value.message);
  return parts.join("\n");
}

function assertNoSecret(value: unknown): void {
  const text = rendered(value);
  for (const form of [...FORMS, DOC_TOKEN]) assert.ok(!text.includes(form), `${form} leaked:\n${text}`);
}

/** A 400 envelope whose error_text echoes the whole request body, in the request's own format. */
const echoEnvelope: Reply = (request: RecordedRequest) =>
  request.headers["content-type"]?.includes("xml")
    ? { status: 200, headers: { "Content-Type": "application/xml" }, body: `<xml><error>400</error><error_text>bad: ${request.body.replace(/</g, "&lt;")}</error_text><data/></xml>` }
    : { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ data: null, error: 400, error_text: `bad: ${request.body}` }) };

const params = { id: 5, runNow: true, content: { pin: PIN, code: CODE, phrase: PHRASE, greeting: "hello there" }, attach: [{ url: ATTACH }] };

describe("sdk: sensitiveValues are redacted like the token", () => {
  let server: ScriptedServer;

  afterEach(async () => {
    await server?.close();
  });

  for (const format of ["json", "xml"] as const) {
    it(`in an API error whose error_text echoes the request (${format})`, async () => {
      server = await startScriptedServer([echoEnvelope]);
      const { client } = testClient(server.baseUrl, { format, maxRetries: 0 });
      const error = await rejectionOf(client.mailings.activate(params, { sensitiveValues: SENSITIVE }));
      client.close();
      assert.ok(server.requests[0]?.body.includes(CODE), "the secret was really sent and echoed");
      assertNoSecret(error);
      assert.ok((error as Error).message.includes(REDACTED));
      assert.ok((error as Error).message.includes("hello there"), "values not named stay readable");
    });
  }

  it("in onRetry reasons and the final error of a gateway page that echoes the body", async () => {
    const echoPage: Reply = (r) => ({ status: 503, headers: { "Content-Type": "text/plain" }, body: `overloaded ${r.body}` });
    server = await startScriptedServer([echoPage, echoPage]);
    const events: RetryEvent[] = [];
    const { client } = testClient(server.baseUrl, { maxRetries: 1, onRetry: (e) => events.push(e) });
    const error = await rejectionOf(client.mailings.activate(params, { sensitiveValues: SENSITIVE }));
    client.close();
    assert.equal(events.length, 1);
    assertNoSecret(events);
    assert.ok(events[0]?.reason.includes(REDACTED));
    assertNoSecret(error);
  });

  it("in a validation error that quotes a bad value", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl);
    const error = await rejectionOf(
      client.mailings.activate({ id: 5, overrideSourceType: `segment-${CODE}` as "segment" }, { sensitiveValues: [`segment-${CODE}`] }),
    );
    client.close();
    assert.match((error as Error).message, /^activate: overrideSourceType must be/);
    assertNoSecret(error);
    assert.equal(server.requests.length, 0);
  });

  it(`skips values shorter than ${MIN_SENSITIVE_LENGTH} characters, so "1" does not blank every digit`, async () => {
    server = await startScriptedServer([echoEnvelope]);
    const { client } = testClient(server.baseUrl, { maxRetries: 0 });
    const error = await rejectionOf(client.mailings.activate({ id: 123, content: { a: 1, b: "12" } }, { sensitiveValues: [1, "12", true] }));
    client.close();
    assert.ok((error as Error).message.includes("(mailing 123)"), (error as Error).message);
    assert.deepEqual(sensitiveStrings("m", [1, "12", "123", "1234", true, null, undefined, 12345n, [" 5678 "], { k: { deep: "abcd" } }]), [
      "1234",
      "12345",
      " 5678 ",
      "5678",
      "abcd",
    ]);
  });

  it("leaves the error's requestId label intact even when a secret occurs in it", async () => {
    server = await startScriptedServer([echoEnvelope]);
    const { client } = testClient(server.baseUrl, { maxRetries: 0 });
    const error = await rejectionOf(client.mailings.activate(params, { requestId: `run-${CODE}-a`, sensitiveValues: SENSITIVE }));
    client.close();
    assert.equal((error as { requestId?: string }).requestId, `run-${CODE}-a`);
    assert.ok(!(error as Error).message.includes(CODE));
  });

  it("applies to every page of listAll", async () => {
    server = await startScriptedServer([echoEnvelope]);
    const { client } = testClient(server.baseUrl, { maxRetries: 0 });
    const error = await rejectionOf(
      (async () => {
        for await (const item of client.mailings.listAll({ uiTags: [`tag-${CODE}`] }, { sensitiveValues: [`tag-${CODE}`] })) void item;
      })(),
    );
    client.close();
    assertNoSecret(error);
  });

  describe("bad sensitiveValues are refused without echoing them", () => {
    const cases: [string, unknown, RegExp][] = [
      ["a string instead of an array", CODE, /options\.sensitiveValues must be an array .*got a string/],
      ["a function inside", [CODE, () => CODE], /options\.sensitiveValues\[1\] must be a string, number/],
      ["a Date inside an object", [{ when: new Date() }], /options\.sensitiveValues\[0\]\.when must be/],
    ];
    for (const [name, value, pattern] of cases) {
      it(name, async () => {
        server = await startScriptedServer();
        const { client } = testClient(server.baseUrl);
        const error = await rejectionOf(client.mailings.activate({ id: 5 }, { sensitiveValues: value as unknown[] }));
        client.close();
        assert.match((error as Error).message, pattern);
        assert.ok(!(error as Error).message.includes(CODE));
        assert.equal(server.requests.length, 0);
      });
    }
  });

  it("a requestId that holds the token is refused before sending", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl);
    const error = await rejectionOf(client.mailings.activate({ id: 5 }, { requestId: `x-${DOC_TOKEN}` }));
    client.close();
    assert.match((error as Error).message, /options\.requestId must not contain the API token/);
    assert.equal(server.requests.length, 0);
  });
});
