import { strict as assert } from "node:assert";
import { ERROR_CODES } from "../../sdk/codes";
import { API_PREFIX, endpointPath, type EndpointName } from "../../sdk/endpoints";
import { UNKNOWN_METHOD_ERROR, type Emulator } from "../../emulator";
import { decodeXmlDocument } from "../../sdk/xml";
import { callJson, rawRequest, startSeeded, TOKEN } from "./helpers";

function xmlEnvelope(text: string): { error: number; error_text: string } {
  const doc = decodeXmlDocument(text);
  return { error: Number(doc["error"]), error_text: String(doc["error_text"]) };
}

describe("emulator request validation", () => {
  let emulator: Emulator;
  beforeEach(async () => ({ emulator } = await startSeeded()));
  afterEach(() => emulator.close());

  const badParams: [EndpointName, Record<string, unknown>, string][] = [
    ["activate", {}, "id"],
    ["activate", { id: 0 }, "id"],
    ["activate", { id: -3 }, "id"],
    ["activate", { id: 1.5 }, "id"],
    ["activate", { id: "abc" }, "id"],
    ["activate", { id: [82] }, "id"],
    ["activate", { id: 82, run_now: "yes" }, "run_now"],
    ["activate", { id: 82, run_now: 1 }, "run_now"],
    ["activate", { id: 82, override_source_type: "database" }, "override_source_type"],
    ["activate", { id: 82, override_source_id: "x" }, "override_source_id"],
    ["activate", { id: 82, override_limit: -1 }, "override_limit"],
    ["activate", { id: 82, override_limit: "ten" }, "override_limit"],
    ["activate", { id: 82, content: "text" }, "content"],
    ["activate", { id: 82, content: [1] }, "content"],
    ["activate", { id: 82, attach: { file: 1 } }, "attach"],
    ["deactivate", { id: 82, abort_if_running: "maybe" }, "abort_if_running"],
    ["getStatus", { id: true }, "id"],
    ["get", { id: 82, format: "yaml" }, "format"],
    ["list", { limit: 0 }, "limit"],
    ["list", { from_id: "first" }, "from_id"],
    ["list", { is_active: "yes" }, "is_active"],
    ["list", { ui_tags: "alerts" }, "ui_tags"],
    ["list", { groups_id: ["a"] }, "groups_id"],
    ["list", { type: 5 }, "type"],
    ["log", { id: 82, from_time: "yesterday" }, "from_time"],
    ["log", { id: 82, limit: "all" }, "limit"],
    ["clone", { id: 82, name: 7 }, "name"],
    ["delete", { id: "" }, "id"],
  ];
  for (const [endpoint, params, field] of badParams) {
    it(`${endpoint}: rejects ${JSON.stringify(params)} with 400 naming ${field}`, async () => {
      const res = await callJson(emulator, endpoint, params);
      assert.equal(res.status, 200);
      assert.equal(res.envelope.error, ERROR_CODES.badRequest);
      assert.match(res.envelope.error_text, new RegExp(`Parameter ${field} (must be|is required)`));
      assert.equal(emulator.executions.length, 0, "an invalid call is not executed");
    });
  }

  it("coerces clean strings, as XML and the deactivate doc example send them", async () => {
    const res = await callJson(emulator, "activate", { id: " 82 ", run_now: "false", override_limit: "5" });
    assert.equal(res.envelope.error, 0);
    assert.deepEqual(emulator.executions[0]?.params, { id: 82, run_now: false, override_limit: 5 });
  });

  it("drops unknown params from the executed params", async () => {
    await callJson(emulator, "getStatus", { id: 82, extra: 1, format: "json" });
    assert.deepEqual(emulator.executions[0]?.params, { id: 82 });
  });

  const malformed: [string, string, string, RegExp][] = [
    ["truncated JSON", "application/json", `{"token":"${TOKEN}","id":`, /Malformed JSON body/],
    ["a JSON array", "application/json", "[1,2]", /must be a JSON object/],
    ["a JSON string", "application/json", '"x"', /must be a JSON object/],
    ["unclosed XML", "application/xml", `<xml><token>${TOKEN}</token><id>82</xml>`, /Malformed XML body/],
    ["XML without <xml> root", "text/xml", `<doc><id>82</id></doc>`, /no <xml> root/],
    ["an unsupported body", "text/plain", "id=82", /Unsupported Content-Type/],
  ];
  for (const [name, contentType, body, pattern] of malformed) {
    it(`answers 400 for ${name}`, async () => {
      const res = await rawRequest(emulator, { path: endpointPath("activate"), headers: { "content-type": contentType }, body });
      assert.equal(res.status, 200);
      const envelope = res.text.startsWith("<") ? xmlEnvelope(res.text) : JSON.parse(res.text);
      assert.equal(envelope.error, ERROR_CODES.badRequest);
      assert.match(envelope.error_text, pattern);
      assert.equal(emulator.requests[0]?.body, undefined);
      assert.equal(emulator.executions.length, 0);
    });
  }

  it("answers 400 with HTTP 413 for a body over 10 MB", async () => {
    const body = JSON.stringify({ token: TOKEN, id: 82, content: { big: "x".repeat(10 * 1024 * 1024) } });
    const res = await rawRequest(emulator, { path: endpointPath("activate"), headers: { "content-type": "application/json" }, body });
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(res.text).error, ERROR_CODES.badRequest);
  });

  it("answers HTTP 404 with a clear envelope for an unknown method path (not the mailing-not-found code)", async () => {
    const res = await rawRequest(emulator, { path: `${API_PREFIX}campaigns/start`, headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TOKEN }) });
    assert.equal(res.status, 404);
    const envelope = JSON.parse(res.text);
    assert.equal(envelope.error, UNKNOWN_METHOD_ERROR);
    assert.notEqual(envelope.error, ERROR_CODES.notFound);
    assert.match(envelope.error_text, /Unknown API method \/api\/v1\.1\/campaigns\/start/);
    assert.equal(emulator.requests[0]?.endpoint, undefined);
  });

  it("answers 405 with Allow: POST for other HTTP methods", async () => {
    const res = await rawRequest(emulator, { method: "GET", path: endpointPath("getStatus") });
    assert.equal(res.status, 405);
    assert.equal(res.headers["allow"], "POST");
    const envelope = JSON.parse(res.text);
    assert.equal(envelope.error, 405);
    assert.match(envelope.error_text, /POST/);
    assert.equal(emulator.requests[0]?.method, "GET");
  });

  it("survives garbage and keeps serving", async () => {
    await rawRequest(emulator, { path: endpointPath("list"), headers: { "content-type": "application/json" }, body: "\u0000\u0001{{{" });
    await rawRequest(emulator, { path: endpointPath("list"), headers: { "content-type": "application/xml" }, body: "<<<>>>" });
    await rawRequest(emulator, { path: "//", body: "" });
    const res = await callJson(emulator, "getStatus", { id: 82 });
    assert.equal(res.envelope.error, 0);
  });
});
