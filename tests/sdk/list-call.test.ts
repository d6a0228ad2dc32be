// `client.mailings.list()` is both one page (awaited) and every item (for await), and sends only what the use needs.
import { strict as assert } from "node:assert";
import { AltcraftValidationError, type MailingListCall, type MailingListItem, type MailingListPage } from "../../sdk";
import { DOC_TOKEN, rejectionOf, testClient } from "./support/fixtures";
import { jsonEnvelope, startScriptedServer, type Reply, type ScriptedServer } from "./support/scripted-server";

function page(ids: number[], nextFromId?: number): Reply {
  const items = ids.map((id) => ({ id, name: `m${id}`, is_active: false }));
  return jsonEnvelope(items, 0, "Successful operation", nextFromId === undefined ? {} : { next_from_id: nextFromId });
}

async function collect(items: AsyncIterable<MailingListItem>): Promise<number[]> {
  const ids: number[] = [];
  for await (const item of items) ids.push(item.id);
  return ids;
}

describe("sdk: list() is one page when awaited and every page when iterated", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it("await: sends exactly one request, only once awaited, and resolves to that page", async () => {
    server = await startScriptedServer([page([5, 6], 7), page([7])]);
    const { client } = testClient(server.baseUrl);
    const call: MailingListCall = client.mailings.list({ fromId: 5, limit: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(server.requests.length, 0, "nothing is sent before the call is awaited");
    const first: MailingListPage = await call;
    client.close();
    assert.deepStrictEqual(first, {
      items: [
        { id: 5, name: "m5", isActive: false, uiTags: [], groups: [] },
        { id: 6, name: "m6", isActive: false, uiTags: [], groups: [] },
      ],
      nextFromId: 7,
    });
    assert.deepStrictEqual(server.requests.map((r) => r.body), [`{"token":"${DOC_TOKEN}","from_id":5,"limit":2}`]);
  });

  it("await twice, then, catch and finally share one request", async () => {
    server = await startScriptedServer([page([1]), page([2])]);
    const { client } = testClient(server.baseUrl);
    const call = client.mailings.list();
    const a = await call;
    const b = await call;
    const viaThen = await call.then((p) => p.items.map((item) => item.id));
    await call.catch(() => undefined);
    await call.finally(() => undefined);
    client.close();
    assert.equal(a, b);
    assert.deepStrictEqual(viaThen, [1]);
    assert.equal(server.requests.length, 1);
  });

  it("for await: every item of every page from fromId on, one request per page and no extra single-page fetch", async () => {
    server = await startScriptedServer([page([5, 6], 7), page([7, 8], 9), page([9])]);
    const { client } = testClient(server.baseUrl);
    const ids = await collect(client.mailings.list({ fromId: 5, limit: 2, type: "trigger" }, { requestId: "sync-9" }));
    client.close();
    assert.deepStrictEqual(ids, [5, 6, 7, 8, 9]);
    assert.deepStrictEqual(server.requests.map((r) => r.body), [
      `{"token":"${DOC_TOKEN}","from_id":5,"limit":2,"type":"trigger"}`,
      `{"token":"${DOC_TOKEN}","from_id":7,"limit":2,"type":"trigger"}`,
      `{"token":"${DOC_TOKEN}","from_id":9,"limit":2,"type":"trigger"}`,
    ]);
    assert.deepStrictEqual(server.requests.map((r) => r.headers["request-id"]), ["sync-9-page1", "sync-9-page2", "sync-9-page3"]);
  });

  it("for await without fromId starts where the API does, and stops when next_from_id does not move past the start", async () => {
    server = await startScriptedServer([page([3, 4], 5), page([5], 5), page([6])]);
    const { client } = testClient(server.baseUrl);
    const ids = await collect(client.mailings.list());
    client.close();
    assert.deepStrictEqual(ids, [3, 4, 5]);
    assert.deepStrictEqual(server.requests.map((r) => r.body), [`{"token":"${DOC_TOKEN}"}`, `{"token":"${DOC_TOKEN}","from_id":5}`]);
  });

  it("bad parameters reject when awaited and on the first step of iteration, sending nothing", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl);
    const awaited = await rejectionOf(client.mailings.list({ limit: 0 }));
    const iterated = await rejectionOf(collect(client.mailings.list({ limit: 0 })));
    const badOption = await rejectionOf(collect(client.mailings.list({}, { requestId: 5 as never })));
    const unknown = await rejectionOf(collect(client.mailings.list({ from_id: 2 } as never)));
    client.close();
    for (const error of [awaited, iterated]) {
      assert.ok(error instanceof AltcraftValidationError);
      assert.equal(error.message, "list: limit must be a positive integer, got 0");
    }
    assert.ok(badOption instanceof AltcraftValidationError && badOption.field === "options.requestId");
    assert.ok(unknown instanceof AltcraftValidationError && unknown.field === "from_id");
    assert.equal(server.requests.length, 0);
  });
});
