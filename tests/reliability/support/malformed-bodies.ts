/**
 * Generates broken responses for the two read methods whose bodies the client decodes field by field
 * (`campaigns/get_status` and `campaigns/get`): every one must end in a typed error, never in a result.
 * Deterministic: the same list, in the same order, on every run.
 */
import type { AltcraftErrorKind } from "../../../sdk";
import type { RawReply, WireTrick } from "./raw-server";
import { seededRandom } from "../../../emulator/random";

/** The groups the cases fall into; the reliability table reports one row per class. */
export const MALFORMED_CLASSES = [
  "truncated JSON",
  "truncated XML",
  "HTML error page",
  "wrong type",
  "missing field",
  "huge body",
  "wrong content type",
  "empty body",
  "binary garbage",
  "deeply nested",
  "broken HTTP exchange",
] as const;

/** One of {@link MALFORMED_CLASSES}. */
export type MalformedClass = (typeof MALFORMED_CLASSES)[number];

/** The read method a case answers. */
export type ReadEndpoint = "getStatus" | "get";

/** One generated broken response and the error kinds it may give. */
export interface MalformedCase {
  /** Unique, usable as a Request-ID (visible ASCII, at most 200 characters). */
  id: string;
  class: MalformedClass;
  endpoint: ReadEndpoint;
  reply: RawReply;
  expectedKinds: readonly AltcraftErrorKind[];
}

/** The response size cap the bulk client runs with; "huge body" cases exceed it. */
export const TEST_MAX_RESPONSE_BYTES = 64 * 1024;

const JSON_TYPE = "application/json; charset=utf-8";
const XML_TYPE = "application/xml; charset=utf-8";
const HTML_TYPE = "text/html; charset=utf-8";

/** A valid `get_status` data record; every field is required by the client's schema. */
const STATUS_DATA: Record<string, unknown> = { is_active: true, is_completed: false, status: "Active" };
/** A valid `get` data record, with every documented field. */
const MAILING_DATA: Record<string, unknown> = {
  id: 82,
  name: "Weekly digest",
  description: "Sent on Mondays",
  type: "regular",
  updated_user: "emulator",
  update_time: "2026-01-05T10:00:00Z",
  is_active: true,
  is_completed: false,
  status: "Active",
  data_id: 1,
  data_type: "list",
  content: [{ subject: "Hello", from_email: "news@example.com", from_name: "News", message_id: 7 }],
  resource_id: 1,
  channel: "email",
  subid: "",
  for_confirm: false,
};
const DATA: Record<ReadEndpoint, Record<string, unknown>> = { getStatus: STATUS_DATA, get: MAILING_DATA };
/** Fields each schema requires. */
const REQUIRED: Record<ReadEndpoint, string[]> = {
  getStatus: ["is_active", "is_completed", "status"],
  get: ["id", "name", "is_active", "is_completed"],
};

/** A success envelope as JSON text. */
export function jsonEnvelope(data: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ data, error: 0, error_text: "Successful operation", ...extra });
}

function xmlValue(value: unknown, tag: string): string {
  if (Array.isArray(value)) return value.map((item) => xmlValue(item, tag)).join("");
  if (typeof value === "object" && value !== null) {
    return `<${tag}>${Object.entries(value).map(([k, v]) => xmlValue(v, k)).join("")}</${tag}>`;
  }
  return `<${tag}>${String(value)}</${tag}>`;
}

/** A success envelope as the XML document the docs show. */
export function xmlEnvelope(data: Record<string, unknown>, errorCode = "0"): string {
  const inner = Object.entries(data).map(([k, v]) => xmlValue(v, k)).join("");
  return `<?xml version="1.0" encoding="UTF-8"?><xml><data>${inner}</data><error>${errorCode}</error><error_text>Successful operation</error_text></xml>`;
}

/** The valid bodies the truncation and content-type cases start from (a control test checks they decode). */
export const VALID_BODIES: { name: string; endpoint: ReadEndpoint; contentType: string; body: string }[] = [
  { name: "get_status.json", endpoint: "getStatus", contentType: JSON_TYPE, body: jsonEnvelope(STATUS_DATA) },
  { name: "get.json", endpoint: "get", contentType: JSON_TYPE, body: jsonEnvelope(MAILING_DATA) },
  { name: "get_status.xml", endpoint: "getStatus", contentType: XML_TYPE, body: xmlEnvelope(STATUS_DATA) },
  { name: "get.xml", endpoint: "get", contentType: XML_TYPE, body: xmlEnvelope(MAILING_DATA) },
];


const RESPONSE_ONLY: readonly AltcraftErrorKind[] = ["response"];
const HTTP_ONLY: readonly AltcraftErrorKind[] = ["http"];

function reply(status: number, contentType: string | undefined, body: string | Buffer, extra: Partial<RawReply> = {}): RawReply {
  return {
    status,
    headers: contentType === undefined ? {} : { "Content-Type": contentType },
    body: typeof body === "string" ? Buffer.from(body, "utf8") : body,
    ...extra,
  };
}

/** Builds every case. More than 1,000; ids are unique. */
export function generateMalformedCases(): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const add = (cls: MalformedClass, endpoint: ReadEndpoint, label: string, r: RawReply, expectedKinds = RESPONSE_ONLY): void => {
    const id = `${cls.replace(/\W+/g, "-")}.${endpoint}.${label}`.replace(/[^\x21-\x7e]/g, "_").slice(0, 200);
    cases.push({ id, class: cls, endpoint, reply: r, expectedKinds });
  };

  // Truncated at every cut point (0 = empty) of each valid body.
  for (const valid of VALID_BODIES) {
    const cls: MalformedClass = valid.contentType === XML_TYPE ? "truncated XML" : "truncated JSON";
    for (let cut = 0; cut < valid.body.length; cut++) {
      add(cls, valid.endpoint, `${valid.name}@${cut}`, reply(200, valid.contentType, valid.body.slice(0, cut)));
    }
  }

  // HTML error pages: at 200 the body is refused; at an error status it is an HTTP error.
  const pages: Record<string, (status: number) => string> = {
    nginx: (s) => `<html>\r\n<head><title>${s} Error</title></head>\r\n<body><center><h1>${s} Error</h1></center><hr><center>nginx</center></body></html>`,
    doctype: (s) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error ${s}</title></head><body><p>Something went wrong (${s}).</p></body></html>`,
    cloudflare: (s) => `<!doctype html><html><body><div id="cf-error-details"><h1>Error ${s}</h1><p>Ray ID: 7a1b2c3d4e5f</p></div></body></html>`,
    apache: (s) => `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>${s}</title></head><body><h1>Error</h1><address>Apache Server</address></body></html>`,
    "login-page": () => `<html><body><form action="/login"><input name="user"><input type="password" name="password"></form></body></html>`,
  };
  for (const [name, page] of Object.entries(pages)) {
    for (const status of [200, 400, 401, 403, 404, 405, 500, 502, 503, 504]) {
      for (const contentType of [HTML_TYPE, undefined]) {
        add("HTML error page", "getStatus", `${name}-${status}-${contentType ? "html" : "untyped"}`, reply(status, contentType, page(status)), status === 200 ? RESPONSE_ONLY : HTTP_ONLY);
      }
    }
  }

  // Wrong types, one field at a time, in JSON and XML.
  const wrongJson: Record<string, unknown[]> = {
    is_active: ["true", 1, 0, "yes", {}, [], [true]],
    is_completed: ["false", 1, "no", {}, [false]],
    status: [5, true, {}, ["Active"]],
    id: ["82", 82.5, true, {}, -1.5],
    name: [5, false, {}, ["x"]],
    content: ["x", 5, [5], [["nested"]], { subject: "x" }],
    data_id: ["one", 1.5, true],
    for_confirm: ["yes", 2],
    type: [7, {}],
  };
  for (const endpoint of ["getStatus", "get"] as const) {
    for (const [field, values] of Object.entries(wrongJson)) {
      if (!(field in DATA[endpoint])) continue;
      values.forEach((value, i) => {
        add("wrong type", endpoint, `json-${field}-${i}`, reply(200, JSON_TYPE, jsonEnvelope({ ...DATA[endpoint], [field]: value })));
      });
    }
    for (const data of [[], "text", 5, true, [DATA[endpoint]]]) {
      add("wrong type", endpoint, `json-data-${JSON.stringify(data).slice(0, 20).replace(/\W/g, "_")}`, reply(200, JSON_TYPE, jsonEnvelope(data)));
    }
  }
  const envelopeErrors: unknown[] = ["0", 0.5, null, true, [], {}, "ok", 1e300, -0.1];
  envelopeErrors.forEach((error, i) => {
    add("wrong type", "getStatus", `json-error-${i}`, reply(200, JSON_TYPE, JSON.stringify({ data: STATUS_DATA, error, error_text: "Successful operation" })));
  });
  const wrongXml: Record<string, string[]> = {
    is_active: ["yes", "2", "TRUE!", "<b>true</b>"],
    is_completed: ["no", "-1", "<x/>"],
    id: ["abc", "1.5", "99999999999999999999"],
    data_id: ["x1"],
    for_confirm: ["maybe"],
  };
  for (const endpoint of ["getStatus", "get"] as const) {
    for (const [field, values] of Object.entries(wrongXml)) {
      if (!(field in DATA[endpoint])) continue;
      values.forEach((value, i) => {
        const body = xmlEnvelope({ ...DATA[endpoint], [field]: "__FIELD__" }).replace("__FIELD__", value);
        add("wrong type", endpoint, `xml-${field}-${i}`, reply(200, XML_TYPE, body));
      });
    }
  }
  for (const code of ["x", "", "0.0", "zero"]) {
    add("wrong type", "getStatus", `xml-error-${code || "blank"}`, reply(200, XML_TYPE, xmlEnvelope(STATUS_DATA, code)));
  }

  // Missing fields: each required field, the data, and the envelope's error.
  for (const endpoint of ["getStatus", "get"] as const) {
    for (const field of REQUIRED[endpoint]) {
      const { [field]: _dropped, ...rest } = DATA[endpoint];
      add("missing field", endpoint, `json-${field}`, reply(200, JSON_TYPE, jsonEnvelope(rest)));
      add("missing field", endpoint, `json-${field}-null`, reply(200, JSON_TYPE, jsonEnvelope({ ...rest, [field]: null })));
      add("missing field", endpoint, `xml-${field}`, reply(200, XML_TYPE, xmlEnvelope(rest)));
    }
    add("missing field", endpoint, "json-no-data", reply(200, JSON_TYPE, JSON.stringify({ error: 0, error_text: "Successful operation" })));
    add("missing field", endpoint, "json-data-null", reply(200, JSON_TYPE, jsonEnvelope(null)));
    add("missing field", endpoint, "json-data-empty", reply(200, JSON_TYPE, jsonEnvelope({})));
    add("missing field", endpoint, "json-no-error", reply(200, JSON_TYPE, JSON.stringify({ data: DATA[endpoint], error_text: "Successful operation" })));
    add("missing field", endpoint, "xml-no-data", reply(200, XML_TYPE, `<?xml version="1.0"?><xml><error>0</error><error_text>Successful operation</error_text></xml>`));
    add("missing field", endpoint, "xml-empty-data", reply(200, XML_TYPE, `<?xml version="1.0"?><xml><data/><error>0</error><error_text>Successful operation</error_text></xml>`));
    add("missing field", endpoint, "xml-no-error", reply(200, XML_TYPE, xmlEnvelope(DATA[endpoint]).replace("<error>0</error>", "")));
    add("missing field", endpoint, "xml-empty-root", reply(200, XML_TYPE, `<xml/>`));
    add("missing field", endpoint, "json-empty-object", reply(200, JSON_TYPE, "{}"));
  }

  // Huge bodies above the cap, with and without a Content-Length, including ones that would otherwise be valid.
  for (const size of [TEST_MAX_RESPONSE_BYTES + 1, 2 * TEST_MAX_RESPONSE_BYTES, 1024 * 1024, 8 * 1024 * 1024]) {
    const validJson = jsonEnvelope({ ...STATUS_DATA, status: "A".repeat(size) });
    const validXml = xmlEnvelope({ ...STATUS_DATA, status: "A".repeat(size) });
    const html = `<html><body>${"<p>error</p>".repeat(Math.ceil(size / 12))}</body></html>`;
    for (const chunked of [false, true]) {
      const how = chunked ? "chunked" : "sized";
      add("huge body", "getStatus", `valid-json-${size}-${how}`, reply(200, JSON_TYPE, validJson, { chunked }));
      add("huge body", "getStatus", `valid-xml-${size}-${how}`, reply(200, XML_TYPE, validXml, { chunked }));
      add("huge body", "getStatus", `html-503-${size}-${how}`, reply(503, HTML_TYPE, html, { chunked }), ["response", "http"]);
    }
  }

  // Wrong content types: a valid body labelled as something it is not.
  const json = jsonEnvelope(STATUS_DATA);
  const xml = xmlEnvelope(STATUS_DATA);
  for (const contentType of ["text/html", "text/html; charset=utf-8", "application/xml", "text/xml", "application/xhtml+xml", "application/rss+xml"]) {
    add("wrong content type", "getStatus", `json-as-${contentType}`, reply(200, contentType, json));
  }
  for (const contentType of ["application/json", "application/problem+json", "text/html", "application/json; charset=utf-8"]) {
    add("wrong content type", "getStatus", `xml-as-${contentType}`, reply(200, contentType, xml));
  }
  for (const contentType of ["application/octet-stream", "image/png", "text/plain", "multipart/form-data; boundary=x"]) {
    add("wrong content type", "getStatus", `text-as-${contentType}`, reply(200, contentType, "error=0&data=is_active:true"));
  }

  // Empty bodies.
  for (const status of [200, 201, 202, 204, 400, 401, 403, 404, 429, 500, 502, 503, 504]) {
    for (const contentType of [JSON_TYPE, XML_TYPE, HTML_TYPE, undefined]) {
      for (const body of ["", "   \r\n\t "]) {
        // A 204 cannot carry a body on the wire; one empty variant is enough.
        if (status === 204 && body !== "") continue;
        const ok = status >= 200 && status < 300;
        add("empty body", "getStatus", `${status}-${contentType?.split(";")[0] ?? "untyped"}-${body ? "blank" : "empty"}`, reply(status, contentType, body), ok ? RESPONSE_ONLY : HTTP_ONLY);
      }
    }
  }

  // Binary garbage from a seeded generator, some of it dressed up with a JSON or XML first character.
  const random = seededRandom(20260105);
  for (let i = 0; i < 60; i++) {
    const length = 1 + Math.floor(random() * 2048);
    const bytes = Buffer.alloc(length);
    for (let j = 0; j < length; j++) bytes[j] = Math.floor(random() * 256);
    const prefix = ["", "{", "<", "\uFEFF", "[", "\u0000"][i % 6]!;
    const contentType = [JSON_TYPE, XML_TYPE, "application/octet-stream", undefined][i % 4];
    add("binary garbage", "getStatus", `random-${i}`, reply(200, contentType, Buffer.concat([Buffer.from(prefix, "utf8"), bytes])));
  }
  for (const [label, bytes] of [
    ["nul-bytes", Buffer.alloc(64)],
    ["invalid-utf8", Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc])],
    ["gzip-magic", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03])],
    ["png-magic", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ["utf16-json", Buffer.from(json, "utf16le")],
  ] as const) {
    add("binary garbage", "getStatus", label, reply(200, JSON_TYPE, bytes));
  }

  // Deeply nested documents, where the client needs an object or a scalar.
  for (const depth of [64, 1_000, 10_000, 100_000]) {
    const arrays = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const objects = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    add("deeply nested", "getStatus", `json-data-arrays-${depth}`, reply(200, JSON_TYPE, `{"data":${arrays},"error":0,"error_text":"ok"}`));
    add("deeply nested", "getStatus", `json-is_active-objects-${depth}`, reply(200, JSON_TYPE, jsonEnvelope({ ...STATUS_DATA, is_active: "__X__" }).replace('"__X__"', objects)));
    add("deeply nested", "get", `json-name-arrays-${depth}`, reply(200, JSON_TYPE, jsonEnvelope({ ...MAILING_DATA, name: "__X__" }).replace('"__X__"', arrays)));
    add("deeply nested", "getStatus", `json-unclosed-${depth}`, reply(200, JSON_TYPE, `{"data":${"[".repeat(depth)}`));
    if (depth <= 10_000) {
      const elements = `${"<a>".repeat(depth)}x${"</a>".repeat(depth)}`;
      add("deeply nested", "getStatus", `xml-data-${depth}`, reply(200, XML_TYPE, `<?xml version="1.0"?><xml><data>${elements}</data><error>0</error></xml>`));
      add("deeply nested", "getStatus", `xml-is_active-${depth}`, reply(200, XML_TYPE, xmlEnvelope({ ...STATUS_DATA, is_active: "__X__" }).replace("__X__", elements)));
      add("deeply nested", "getStatus", `xml-unclosed-${depth}`, reply(200, XML_TYPE, `<?xml version="1.0"?><xml><data>${"<a>".repeat(depth)}`));
    }
  }

  // The HTTP exchange itself breaks.
  const tricks: [WireTrick, readonly AltcraftErrorKind[]][] = [
    ["declare-longer", ["response", "connection"]],
    ["cut-chunked", ["response", "connection"]],
    ["garbage-status-line", ["connection"]],
    ["hang-mid-body", ["timeout"]],
  ];
  for (const [trick, kinds] of tricks) {
    for (const valid of VALID_BODIES) {
      add("broken HTTP exchange", valid.endpoint, `${trick}-${valid.name}`, reply(200, valid.contentType, valid.body, { wire: trick }), kinds);
    }
  }
  return cases;
}

/** Cases per class the host suite samples (the bulk runs through the client). */
export const HOST_SAMPLE_PER_CLASS = 5;

/**
 * Bodies the emulator can serve as text: answered with HTTP 200, valid UTF-8, no wire tricks. The "huge body"
 * class is sized for the bulk client's small cap; the host's default cap gets its own case.
 */
function servable(testCase: MalformedCase): boolean {
  const { reply } = testCase;
  if (testCase.class === "huge body" || reply.status !== 200 || reply.wire !== undefined) return false;
  return Buffer.from(reply.body.toString("utf8"), "utf8").equals(reply.body);
}

/** Up to {@link HOST_SAMPLE_PER_CLASS} servable cases per class, spread evenly over the class. */
export function hostSample(cases: MalformedCase[]): MalformedCase[] {
  const picked: MalformedCase[] = [];
  for (const cls of MALFORMED_CLASSES) {
    const members = cases.filter((c) => c.class === cls && servable(c));
    const step = Math.max(1, Math.floor(members.length / HOST_SAMPLE_PER_CLASS));
    for (let i = 0, taken = 0; i < members.length && taken < HOST_SAMPLE_PER_CLASS; i += step, taken++) picked.push(members[i]!);
  }
  return picked;
}
