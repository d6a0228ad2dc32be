import { strict as assert } from "node:assert";
import { AltcraftValidationError, type AltcraftClient } from "../../sdk";
import { DOC_TOKEN, rejectionOf, testClient } from "./support/fixtures";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server";

/** Calls with deliberately wrong types, so each goes through `unknown`. */
type LooseCall = (client: AltcraftClient) => Promise<unknown>;
const loose = <T>(value: unknown): T => value as T;

const CASES: { title: string; call: LooseCall; field: string; message: string | RegExp }[] = [
  { title: "negative overrideLimit", call: (c) => c.mailings.activate({ id: 82, overrideLimit: -1 }), field: "overrideLimit", message: "activate: overrideLimit must be a positive integer, got -1" },
  { title: "missing id", call: (c) => c.mailings.activate(loose({ runNow: true })), field: "id", message: "activate: id is required" },
  { title: "zero id", call: (c) => c.mailings.getStatus({ id: 0 }), field: "id", message: "getStatus: id must be a positive integer, got 0" },
  { title: "fractional id", call: (c) => c.mailings.get({ id: 1.5 }), field: "id", message: "get: id must be a positive integer, got 1.5" },
  { title: "string id", call: (c) => c.mailings.deactivate(loose({ id: "15" })), field: "id", message: 'deactivate: id must be a positive integer, got "15"' },
  { title: "unsafe integer id", call: (c) => c.mailings.delete({ id: 2 ** 60 }), field: "id", message: /delete: id must be a positive integer/ },
  { title: "bad overrideSourceType", call: (c) => c.mailings.activate(loose({ id: 1, overrideSourceType: "database" })), field: "overrideSourceType", message: 'activate: overrideSourceType must be "list" or "segment", got "database"' },
  { title: "bad overrideSourceId", call: (c) => c.mailings.activate({ id: 1, overrideSourceId: -2 }), field: "overrideSourceId", message: "activate: overrideSourceId must be a positive integer, got -2" },
  { title: "string runNow", call: (c) => c.mailings.activate(loose({ id: 1, runNow: "true" })), field: "runNow", message: 'activate: runNow must be true or false, got "true"' },
  { title: "array content", call: (c) => c.mailings.activate(loose({ id: 1, content: [] })), field: "content", message: /activate: content must be an object of string, number or boolean values, got an array/ },
  { title: "nested content value", call: (c) => c.mailings.activate(loose({ id: 1, content: { a: { b: 1 } } })), field: "content", message: 'activate: content value of "a" must be a string, number or boolean, got an object' },
  { title: "non-array attach", call: (c) => c.mailings.activate(loose({ id: 1, attach: "file" })), field: "attach", message: 'activate: attach must be an array, got "file"' },
  { title: "string abortIfRunning", call: (c) => c.mailings.deactivate(loose({ id: 1, abortIfRunning: "true" })), field: "abortIfRunning", message: /must be true or false/ },
  { title: "zero list limit", call: (c) => c.mailings.list({ limit: 0 }), field: "limit", message: "list: limit must be a positive integer, got 0" },
  { title: "empty type", call: (c) => c.mailings.list({ type: " " }), field: "type", message: 'list: type must be a non-empty string, got " "' },
  { title: "uiTags not strings", call: (c) => c.mailings.list(loose({ uiTags: ["a", 2] })), field: "uiTags", message: /list: uiTags must be an array of non-empty strings/ },
  { title: "groupsId not integers", call: (c) => c.mailings.list(loose({ groupsId: [1, "2"] })), field: "groupsId", message: /list: groupsId must be an array of positive integers/ },
  { title: "string isActive", call: (c) => c.mailings.list(loose({ isActive: 1 })), field: "isActive", message: "list: isActive must be true or false, got 1" },
  { title: "non-RFC 3339 fromTime", call: (c) => c.mailings.log({ id: 1, fromTime: "20.05.2024" }), field: "fromTime", message: /log: fromTime must be an RFC 3339 date-time/ },
  { title: "impossible fromTime", call: (c) => c.mailings.log({ id: 1, fromTime: "2024-13-45T99:00:00Z" }), field: "fromTime", message: /RFC 3339/ },
  { title: "empty clone name", call: (c) => c.mailings.clone({ id: 1, name: "" }), field: "name", message: 'clone: name must be a non-empty string, got ""' },
  { title: "params not an object", call: (c) => c.mailings.getStatus(loose(82)), field: "params", message: "getStatus: params must be an object, got 82" },
  { title: "bad requestId", call: (c) => c.mailings.activate({ id: 1 }, { requestId: "two words" }), field: "options.requestId", message: /activate: options.requestId must be 1 to 200 visible ASCII characters/ },
  { title: "bad per-call timeoutMs", call: (c) => c.mailings.activate({ id: 1 }, { timeoutMs: -5 }), field: "options.timeoutMs", message: "activate: options.timeoutMs must be a positive integer (milliseconds), got -5" },
  {
    title: "snake_case parameter",
    call: (c) => c.mailings.activate(loose({ id: 1, run_now: true })),
    field: "run_now",
    message:
      "activate: run_now is not a parameter of activate; allowed: id, overrideSourceId, overrideSourceType, overrideLimit, runNow, content, attach; did you mean runNow?",
  },
  { title: "misspelt parameter", call: (c) => c.mailings.activate(loose({ id: 1, runnow: true })), field: "runnow", message: /is not a parameter of activate; allowed: id, .*; did you mean runNow\?$/ },
  { title: "unknown parameter, even undefined", call: (c) => c.mailings.activate(loose({ id: 1, colour: undefined })), field: "colour", message: /^activate: colour is not a parameter of activate; allowed: id, overrideSourceId, .*attach$/ },
  { title: "unknown list filter", call: (c) => c.mailings.list(loose({ from_id: 5 })), field: "from_id", message: /^list: from_id is not a parameter of list; allowed: fromId, limit, type, isActive, uiTags, groups, groupsId; did you mean fromId\?$/ },
  { title: "unknown deactivate parameter", call: (c) => c.mailings.deactivate(loose({ id: 1, abort: true })), field: "abort", message: "deactivate: abort is not a parameter of deactivate; allowed: id, abortIfRunning" },
  { title: "unknown call option", call: (c) => c.mailings.activate({ id: 1 }, loose({ retries: 2 })), field: "options.retries", message: /is not a call option; allowed: requestId, timeoutMs/ },
];

describe("sdk: parameters are validated before sending", () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(async () => server.close());

  for (const c of CASES) {
    it(`${c.title} → AltcraftValidationError naming ${c.field}, nothing sent`, async () => {
      const sentBefore = server.requests.length;
      const { client } = testClient(server.baseUrl);
      const error = await rejectionOf(c.call(client));
      client.close();
      assert.ok(error instanceof AltcraftValidationError, String(error));
      assert.equal(error.kind, "validation");
      assert.equal(error.field, c.field);
      assert.equal(error.retryable, false);
      if (typeof c.message === "string") assert.equal(error.message, c.message);
      else assert.match(error.message, c.message);
      assert.equal(server.requests.length, sentBefore);
    });
  }

  it("leaves out undefined parameters entirely", async () => {
    const { client } = testClient(server.baseUrl);
    await client.mailings.activate({ id: 82, runNow: undefined, overrideLimit: undefined });
    client.close();
    assert.equal(server.requests.at(-1)?.body, `{"token":"${DOC_TOKEN}","id":82}`);
  });

  it("sends false, which differs from leaving a flag out", async () => {
    const { client } = testClient(server.baseUrl);
    await client.mailings.deactivate({ id: 3, abortIfRunning: false });
    client.close();
    assert.equal(server.requests.at(-1)?.body, `{"token":"${DOC_TOKEN}","id":3,"abort_if_running":false}`);
  });

  it("rejects content keys that cannot be XML element names in XML mode only", async () => {
    const xml = testClient(server.baseUrl, { format: "xml" }).client;
    const error = await rejectionOf(xml.mailings.activate({ id: 1, content: { "my key": "v" } }));
    xml.close();
    assert.match((error as Error).message, /activate: content key "my key" must start with a letter/);
    const json = testClient(server.baseUrl).client;
    await json.mailings.activate({ id: 1, content: { "my key": "v" } });
    json.close();
    assert.equal(server.requests.at(-1)?.body, `{"token":"${DOC_TOKEN}","id":1,"content":{"my key":"v"}}`);
  });
});
