import { strict as assert } from "node:assert";
import type { AltcraftResponseError } from "../../sdk";
import { parseEnvelope, responseFormat } from "../../sdk/envelope";
import { decodeListPage, decodeMailing, decodeStatus } from "../../sdk/results";
import { SchemaError } from "../../sdk/schema";
import { rejectionOf, testClient } from "./support/fixtures";
import { jsonEnvelope, startScriptedServer, xmlReply, type Reply, type ScriptedServer } from "./support/scripted-server";

function envelopeOf(body: string, contentType = "application/json") {
  const parsed = parseEnvelope(body, contentType, "json");
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.envelope;
}

function schemaProblem(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof SchemaError);
    return error.message;
  }
  throw new Error("expected a SchemaError");
}

describe("sdk: result decoding", () => {
  describe("JSON types are checked, not coerced", () => {
    const CASES: { data: unknown; problem: string }[] = [
      { data: { is_active: "true", is_completed: false, status: "Active" }, problem: 'data.is_active must be a boolean, got "true"' },
      { data: { is_active: true, is_completed: 0, status: "Active" }, problem: "data.is_completed must be a boolean, got 0" },
      { data: { is_active: true, is_completed: false, status: 5 }, problem: "data.status must be a string, got 5" },
      { data: { is_active: true, status: "Active" }, problem: "data.is_completed is missing" },
      { data: { is_active: true, is_completed: null, status: "Active" }, problem: "data.is_completed is missing" },
      { data: null, problem: "data must be an object, got null" },
      { data: [], problem: "data must be an object, got an array" },
    ];
    for (const c of CASES) {
      it(c.problem, () => {
        const body = JSON.stringify({ data: c.data, error: 0, error_text: "Successful operation" });
        assert.equal(schemaProblem(() => decodeStatus(envelopeOf(body))), c.problem);
      });
    }

    it("an integer field refuses a float and a numeric string", () => {
      const base = { name: "n", is_active: true, is_completed: false };
      assert.equal(schemaProblem(() => decodeMailing(envelopeOf(JSON.stringify({ data: { ...base, id: 1.5 }, error: 0 })))), "data.id must be an integer, got 1.5");
      assert.equal(schemaProblem(() => decodeMailing(envelopeOf(JSON.stringify({ data: { ...base, id: "1" }, error: 0 })))), 'data.id must be an integer, got "1"');
    });

    it("list data must be an array in JSON, and items are checked with their index", () => {
      assert.equal(schemaProblem(() => decodeListPage(envelopeOf('{"data":{"id":1},"error":0}'))), "data must be an array, got an object");
      const body = JSON.stringify({ data: [{ id: 1, name: "a", is_active: true }, { id: 2, name: "b", is_active: true, groups: [{ id: "x", name: "g" }] }], error: 0 });
      assert.equal(schemaProblem(() => decodeListPage(envelopeOf(body))), 'data[1].groups[0].id must be an integer, got "x"');
    });
  });

  describe("XML text is coerced", () => {
    function xmlEnvelope(inner: string) {
      const parsed = parseEnvelope(`<xml>${inner}<error>0</error></xml>`, "application/xml", "xml");
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.envelope;
    }

    it('reads "1"/"0" and "true"/"false" as booleans', () => {
      assert.deepStrictEqual(decodeStatus(xmlEnvelope("<data><is_active>1</is_active><is_completed>FALSE</is_completed><status/></data>")), {
        isActive: true,
        isCompleted: false,
        status: "",
      });
    });

    it("refuses text that is no boolean or integer", () => {
      assert.equal(schemaProblem(() => decodeStatus(xmlEnvelope("<data><is_active>yes</is_active><is_completed>0</is_completed><status>x</status></data>"))), 'data.is_active must be a boolean, got "yes"');
      assert.equal(schemaProblem(() => decodeMailing(xmlEnvelope("<data><id>12a</id><name>n</name><is_active>1</is_active><is_completed>0</is_completed></data>"))), 'data.id must be an integer, got "12a"');
    });

    it("reads an empty optional integer element as absent", () => {
      const mailing = decodeMailing(xmlEnvelope("<data><id>1</id><name>n</name><is_active>1</is_active><is_completed>0</is_completed><data_id/></data>"));
      assert.ok(!("dataId" in mailing));
    });

    it("refuses nested elements where text is expected", () => {
      assert.equal(schemaProblem(() => decodeStatus(xmlEnvelope("<data><is_active><x>1</x></is_active><is_completed>0</is_completed><status>x</status></data>"))), "data.is_active must be a boolean, got nested elements");
    });

    it("takes a single list item (an object, not an array) as a one-item list", () => {
      const page = decodeListPage(xmlEnvelope("<data><id>4</id><name>Only</name><is_active>0</is_active><ui_tags>solo</ui_tags><groups><id>9</id><name>G</name></groups></data><next_from_id>0</next_from_id>"));
      assert.deepStrictEqual(page, { items: [{ id: 4, name: "Only", isActive: false, uiTags: ["solo"], groups: [{ id: 9, name: "G" }] }], nextFromId: 0 });
    });

    it("takes <data/> as an empty list", () => {
      assert.deepStrictEqual(decodeListPage(xmlEnvelope("<data/>")), { items: [] });
    });
  });

  describe("field names", () => {
    it("maps both description and descr to description, preferring description", () => {
      const base = { id: 1, name: "n", is_active: true, is_completed: false };
      assert.equal(decodeMailing(envelopeOf(JSON.stringify({ data: { ...base, descr: "short" }, error: 0 }))).description, "short");
      assert.equal(decodeMailing(envelopeOf(JSON.stringify({ data: { ...base, description: "long", descr: "short" }, error: 0 }))).description, "long");
    });

    it("matches list item keys case-insensitively (Id/Name/Groups)", () => {
      const body = JSON.stringify({ data: [{ Id: 5, Name: "Caps", IS_ACTIVE: false, Groups: [{ Id: 1, Name: "G" }] }], error: 0 });
      assert.deepStrictEqual(decodeListPage(envelopeOf(body)).items, [{ id: 5, name: "Caps", isActive: false, uiTags: [], groups: [{ id: 1, name: "G" }] }]);
    });

    it("ignores fields the types do not know, leaves absent scalars absent and reads absent arrays as []", () => {
      const body = JSON.stringify({ data: { id: 1, name: "n", is_active: true, is_completed: false, providers: ["google"], virtual_sender_id: 3, subid: null }, error: 0 });
      assert.deepStrictEqual(decodeMailing(envelopeOf(body)), { id: 1, name: "n", isActive: true, isCompleted: false, content: [] });
    });
  });

  describe("envelope detection", () => {
    it("chooses the format from Content-Type, then the first character, then the request", () => {
      assert.equal(responseFormat("application/json; charset=utf-8", "<xml/>", "xml"), "json");
      assert.equal(responseFormat("text/xml", "{}", "json"), "xml");
      assert.equal(responseFormat(undefined, "  <xml/>", "json"), "xml");
      assert.equal(responseFormat("text/plain", ' {"error":0}', "xml"), "json");
      assert.equal(responseFormat(undefined, "oops", "xml"), "xml");
    });

    it("keeps extra top-level fields next to data", () => {
      const envelope = envelopeOf('{"data":[],"error":0,"error_text":"Successful operation","total_count":3,"next_from_id":7}');
      assert.deepStrictEqual(envelope.fields, { total_count: 3, next_from_id: 7 });
    });

    it("reads the XML seed response", () => {
      const parsed = parseEnvelope("<xml>\n    <data/>\n    <error>0</error>\n    <error_text>Successful operation</error_text>\n</xml>", undefined, "xml");
      assert.deepStrictEqual(parsed, { ok: true, envelope: { error: 0, errorText: "Successful operation", data: "", fields: {}, format: "xml" } });
    });
  });

  describe("through the client", () => {
    let server: ScriptedServer;
    afterEach(async () => server?.close());

    const WRONG: { title: string; reply: Reply; format: "json" | "xml"; problem: RegExp }[] = [
      { title: "JSON string flag", format: "json", reply: jsonEnvelope({ is_active: "yes", is_completed: false, status: "x" }), problem: /data.is_active must be a boolean/ },
      { title: "XML missing flag", format: "xml", reply: xmlReply("<data><is_active>1</is_active><status>x</status></data><error>0</error>"), problem: /data.is_completed is missing/ },
    ];
    for (const w of WRONG) {
      it(`a 200 with wrong types is an AltcraftResponseError (${w.title})`, async () => {
        server = await startScriptedServer([w.reply]);
        const { client } = testClient(server.baseUrl, { format: w.format });
        const error = (await rejectionOf(client.mailings.getStatus({ id: 1 }))) as AltcraftResponseError;
        client.close();
        assert.equal(error.name, "AltcraftResponseError");
        assert.match(error.problem, w.problem);
        assert.match(error.message, /^campaigns\/get_status: invalid response \(HTTP 200\)/);
        assert.equal(error.attempts, 1);
        assert.equal(server.requests.length, 1);
      });
    }

    it("reads a JSON envelope that starts with a UTF-8 byte-order mark", async () => {
      server = await startScriptedServer([
        { status: 200, headers: { "Content-Type": "application/json" }, body: Buffer.from('\ufeff{"data":{"saved_id":5},"error":0,"error_text":"Successful operation"}', "utf8") },
      ]);
      const { client } = testClient(server.baseUrl);
      const result = await client.mailings.clone({ id: 1 });
      client.close();
      assert.equal(result.savedId, 5);
    });

    it("refuses a response larger than maxResponseBytes", async () => {
      const big = jsonEnvelope([{ id: 1, name: "x".repeat(5_000), is_active: true }]);
      server = await startScriptedServer([big, big]);
      const small = testClient(server.baseUrl, { maxResponseBytes: 1_024 }).client;
      const error = (await rejectionOf(small.mailings.list())) as AltcraftResponseError;
      small.close();
      assert.equal(error.name, "AltcraftResponseError");
      assert.match(error.problem, /larger than maxResponseBytes \(1024 bytes\)/);
      assert.equal(error.retryable, false);
      const roomy = testClient(server.baseUrl, { maxResponseBytes: 10_000 }).client;
      const page = await roomy.mailings.list();
      roomy.close();
      assert.equal(page.items[0]?.name.length, 5_000);
    });
  });
});
