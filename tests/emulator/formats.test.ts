import { strict as assert } from "node:assert";
import { endpointPath } from "../../sdk/endpoints";
import { encodeXmlDocument } from "../../sdk/xml";
import type { Emulator } from "../../emulator";
import { rawRequest, startSeeded, TOKEN } from "./helpers";

describe("emulator response format", () => {
  let emulator: Emulator;
  beforeEach(async () => ({ emulator } = await startSeeded()));
  afterEach(() => emulator.close());

  const jsonBody = JSON.stringify({ token: TOKEN, id: 82 });
  const xmlBody = encodeXmlDocument({ token: TOKEN, id: 82 });
  const cases: [string, { path?: string; headers: Record<string, string>; body: string }, "json" | "xml"][] = [
    ["JSON request, no Accept", { headers: { "content-type": "application/json" }, body: jsonBody }, "json"],
    ["XML request, no Accept", { headers: { "content-type": "application/xml" }, body: xmlBody }, "xml"],
    ["text/xml request", { headers: { "content-type": "text/xml; charset=utf-8" }, body: xmlBody }, "xml"],
    ["JSON request, Accept: application/xml", { headers: { "content-type": "application/json", accept: "application/xml" }, body: jsonBody }, "xml"],
    ["XML request, Accept: application/json", { headers: { "content-type": "application/xml", accept: "application/json" }, body: xmlBody }, "json"],
    ["axios' default Accept", { headers: { "content-type": "application/xml", accept: "application/json, text/plain, */*" }, body: xmlBody }, "json"],
    ["Accept: */*", { headers: { "content-type": "application/xml", accept: "*/*" }, body: xmlBody }, "xml"],
    ["?format=xml", { path: `${endpointPath("getStatus")}?format=xml`, headers: { "content-type": "application/json", accept: "application/json" }, body: jsonBody }, "xml"],
    ["body format=xml", { headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TOKEN, id: 82, format: "xml" }) }, "xml"],
    ["XML body format json", { headers: { "content-type": "application/xml" }, body: encodeXmlDocument({ token: TOKEN, id: 82, format: "json" }) }, "json"],
    ["no Content-Type, JSON body", { headers: {}, body: jsonBody }, "json"],
    ["no Content-Type, XML body", { headers: {}, body: xmlBody }, "xml"],
  ];
  for (const [name, request, expected] of cases) {
    it(`${name} → ${expected}`, async () => {
      const res = await rawRequest(emulator, { path: request.path ?? endpointPath("getStatus"), headers: request.headers, body: request.body });
      assert.equal(res.status, 200);
      if (expected === "json") {
        assert.match(String(res.headers["content-type"]), /^application\/json/);
        assert.equal(JSON.parse(res.text).error, 0);
      } else {
        assert.match(String(res.headers["content-type"]), /^application\/xml/);
        assert.match(res.text, /^<xml>\n<data>\n<is_active>false<\/is_active>\n[^]*\n<error>0<\/error>\n/);
      }
    });
  }

  it("escapes XML special characters in values", async () => {
    emulator.setMailing({ id: 5, name: "Tom & Jerry <news>" });
    const res = await rawRequest(emulator, { path: endpointPath("get"), headers: { "content-type": "application/xml" }, body: encodeXmlDocument({ token: TOKEN, id: 5 }) });
    assert.match(res.text, /<name>Tom &amp; Jerry &lt;news&gt;<\/name>/);
  });
});
