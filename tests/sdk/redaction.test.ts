import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { AltcraftClient, AltcraftConfigError, isAltcraftError, type RetryEvent } from "../../sdk";
import { REDACTED, bodySnippet, redactDeep, redactToken, tokenSpellings } from "../../sdk/redact";
import { rejectionOf, testClient } from "./support/fixtures";
import { startScriptedServer, type RecordedRequest, type Reply, type ScriptedServer } from "./support/scripted-server";

/** A token with characters that JSON, XML and URLs each escape differently. "S3CR3T" appears nowhere else. */
const TOKEN = `S3CR3T/tok+en&<x>"q'~`;
const MARKER = "S3CR3T";

/** Everything a log line, a Pulumi diagnostic or a state file could show of `value`. */
function everyRendering(value: unknown): string {
  const parts = [inspect(value, { depth: Infinity, showHidden: true }), safeJson(value)];
  if (value instanceof Error) parts.push(String(value.stack), String(value), value.message);
  return parts.join("\n");
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === "object" && item !== null) {
        if (seen.has(item)) return "[cycle]";
        seen.add(item);
      }
      return item;
    }) ?? ""
  );
}

function assertNoToken(value: unknown): void {
  const text = everyRendering(value);
  assert.ok(!text.includes(MARKER), `token leaked:\n${text}`);
  for (const spelling of tokenSpellings(TOKEN)) assert.ok(!text.includes(spelling));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const echoInErrorText = (request: RecordedRequest): Reply => ({
  status: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ data: null, error: 400, error_text: `bad request: ${request.body} auth=${String(request.headers["authorization"])}` }),
});

describe("sdk: the token never leaks", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  const SERVER_CASES: { title: string; reply: Reply; format?: "json" | "xml"; placement?: "body" | "header"; kind: string }[] = [
    { title: "an API error whose error_text echoes the JSON body", reply: echoInErrorText, kind: "api" },
    { title: "an API error whose error_text echoes the Authorization header", reply: echoInErrorText, placement: "header", kind: "api" },
    {
      title: "an API error whose error_text echoes the XML body",
      format: "xml",
      reply: (r) => ({ status: 200, headers: { "Content-Type": "application/xml" }, body: `<xml><data/><error>403</error><error_text>${escapeXml(r.body)}</error_text></xml>` }),
      kind: "api",
    },
    {
      title: "a gateway page that echoes the body",
      reply: (r) => ({ status: 502, headers: { "Content-Type": "text/html" }, body: `<html><pre>${r.body}</pre></html>` }),
      kind: "http",
    },
    {
      title: "a redirect whose Location carries the URL-encoded token",
      reply: { status: 302, headers: { Location: `https://elsewhere.example/login?token=${encodeURIComponent(TOKEN)}` }, body: "" },
      kind: "http",
    },
    { title: "invalid JSON that contains the token", reply: { status: 200, body: `{"data": ${TOKEN}` }, kind: "response" },
    { title: "an HTML 200 that contains the token", reply: { status: 200, headers: { "Content-Type": "text/html" }, body: `<html>${TOKEN}</html>` }, kind: "response" },
    {
      title: "a wrong-typed field holding the token",
      reply: { status: 200, body: JSON.stringify({ data: { is_active: TOKEN, is_completed: false, status: "x" }, error: 0, error_text: "" }) },
      kind: "response",
    },
    { title: "a hang (timeout)", reply: { hang: true }, kind: "timeout" },
  ];

  for (const c of SERVER_CASES) {
    it(`${c.kind} error: ${c.title}`, async () => {
      server = await startScriptedServer([c.reply]);
      const { client } = testClient(server.baseUrl, {
        token: TOKEN,
        maxRetries: 0,
        timeoutMs: c.kind === "timeout" ? 60 : 2_000,
        ...(c.format ? { format: c.format } : {}),
        ...(c.placement ? { tokenPlacement: c.placement } : {}),
      });
      const error = await rejectionOf(client.mailings.getStatus({ id: 5 }));
      client.close();
      assert.ok(isAltcraftError(error));
      assert.equal(error.kind, c.kind);
      assertNoToken(error);
      assert.ok(everyRendering(error).includes(REDACTED) || c.kind === "timeout", "the echo is shown, with the token replaced");
    });
  }

  it("connection error", async () => {
    const closed = await startScriptedServer();
    await closed.close();
    const { client } = testClient(closed.baseUrl, { token: TOKEN, maxRetries: 0 });
    const error = await rejectionOf(client.mailings.activate({ id: 5 }));
    client.close();
    assert.equal((error as { kind?: string }).kind, "connection");
    assertNoToken(error);
  });

  it("onRetry events, also when the failing answer echoes the token", async () => {
    server = await startScriptedServer([(r) => ({ status: 503, headers: { "Content-Type": "text/plain" }, body: `overloaded ${r.body}` })]);
    const events: RetryEvent[] = [];
    const { client } = testClient(server.baseUrl, { token: TOKEN, onRetry: (e) => events.push(e) });
    await client.mailings.activate({ id: 5 });
    client.close();
    assert.equal(events.length, 1);
    assertNoToken(events);
    assert.ok(events[0]?.reason.includes(REDACTED));
  });

  it("validation errors about a parameter that holds the token", async () => {
    const { client } = testClient("http://127.0.0.1:9", { token: TOKEN });
    const error = await rejectionOf(client.mailings.clone({ id: 1, name: 5 as unknown as string }, { requestId: TOKEN + " x" }));
    const error2 = await rejectionOf(client.mailings.activate({ id: TOKEN as unknown as number }));
    client.close();
    assertNoToken(error);
    assertNoToken(error2);
    assert.match((error2 as Error).message, /^activate: id must be a positive integer, got/);
  });

  it("config errors, whichever option the token ended up in", () => {
    const attempts: Record<string, unknown>[] = [
      { token: TOKEN, baseUrl: `https://example.com/?token=${TOKEN}` },
      { token: TOKEN, baseUrl: `not a url ${TOKEN}` },
      { token: TOKEN, baseUrl: "https://example.com", userAgent: `${TOKEN}\n` },
      { token: TOKEN, baseUrl: "https://example.com", format: TOKEN },
      { token: `${TOKEN} with a space`, baseUrl: "https://example.com" },
    ];
    for (const options of attempts) {
      let caught: unknown;
      try {
        new AltcraftClient(options);
      } catch (error) {
        caught = error;
      }
      assert.equal((caught as { kind?: string }).kind, "config", JSON.stringify(options));
      assertNoToken(caught);
    }
  });

  it("a client that is logged or inspected shows no token", () => {
    const client = new AltcraftClient({ baseUrl: "https://example.com", token: TOKEN });
    assertNoToken(client);
    assertNoToken(client.mailings);
  });
});

describe("sdk redaction helpers", () => {
  it("redactToken replaces every spelling: raw, JSON, URL and XML", () => {
    const text = [TOKEN, JSON.stringify(TOKEN), encodeURIComponent(TOKEN), escapeXml(TOKEN)].join(" | ");
    const clean = redactToken(text, TOKEN);
    assert.ok(!clean.includes(MARKER), clean);
    assert.equal(clean.split(REDACTED).length - 1, 4);
    assert.equal(redactToken("nothing here", TOKEN), "nothing here");
    assert.equal(redactToken(TOKEN, undefined), TOKEN, "no token, nothing to scrub");
  });

  it("redactDeep scrubs nested objects, arrays, non-enumerable props, causes and cycles in place", () => {
    const inner = new Error(`inner ${TOKEN}`);
    const outer = new Error("outer", { cause: inner }) as Error & { config?: unknown; self?: unknown };
    outer.config = { data: [`{"token":"${TOKEN}"}`], headers: { Authorization: `Bearer ${TOKEN}` } };
    outer.self = outer;
    Object.defineProperty(outer, "hidden", { value: TOKEN, enumerable: false, writable: true, configurable: true });
    redactDeep(outer, TOKEN);
    assertNoToken(outer);
    assert.equal((outer as unknown as { hidden: string }).hidden, REDACTED);
  });

  it("redactDeep leaves an error's name and kind alone, even when the token occurs in them", () => {
    const error = new AltcraftConfigError("token", "token t is bad");
    redactDeep(error, "t");
    assert.equal(error.name, "AltcraftConfigError");
    assert.equal(error.kind, "config");
    assert.equal(error.message, `${REDACTED}oken ${REDACTED} is bad`, "other properties are still scrubbed");
    const plain = { name: "t", kind: "t" };
    redactDeep(plain, "t");
    assert.deepStrictEqual(plain, { name: REDACTED, kind: REDACTED }, "only errors' own labels are exempt");
  });

  it("bodySnippet redacts before cutting, so a token at the cut is not half shown", () => {
    const body = `${"x".repeat(190)}${TOKEN}${"y".repeat(50)}`;
    const snippet = bodySnippet(body, TOKEN, 200);
    assert.ok(!snippet.includes("S3C"), snippet);
    assert.ok(snippet.endsWith("…"));
  });
});
