import { strict as assert } from "node:assert";
import { AltcraftValidationError, type MailingListItem, type MailingListPage } from "../../sdk";
import { DOC_TOKEN, testClient } from "./support/fixtures";
import { jsonEnvelope, startScriptedServer, type Reply, type ScriptedServer } from "./support/scripted-server";

function page(ids: number[], nextFromId?: number): Reply {
  const items = ids.map((id) => ({ id, name: `m${id}`, is_active: id % 2 === 0 }));
  return jsonEnvelope(items, 0, "Successful operation", nextFromId === undefined ? { total_count: 99 } : { total_count: 99, next_from_id: nextFromId });
}

async function collect(iterator: AsyncIterable<MailingListItem>): Promise<number[]> {
  const ids: number[] = [];
  for await (const item of iterator) ids.push(item.id);
  return ids;
}

function fromIds(server: ScriptedServer): (number | undefined)[] {
  return server.requests.map((r) => (JSON.parse(r.body) as { from_id?: number }).from_id);
}

describe("sdk: listAll pages through from_id / next_from_id", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it("follows next_from_id until it is missing, passing the filters on every page", async () => {
    server = await startScriptedServer([page([1, 2], 3), page([3, 4], 5), page([5])]);
    const { client } = testClient(server.baseUrl);
    const pages: [MailingListPage, number][] = [];
    const ids = await collect(client.mailings.listAll({ limit: 2, type: "trigger" }, { onPage: (p, i) => pages.push([p, i]) }));
    client.close();
    assert.deepStrictEqual(ids, [1, 2, 3, 4, 5]);
    assert.deepStrictEqual(fromIds(server), [undefined, 3, 5]);
    assert.deepStrictEqual(server.requests.map((r) => r.body), [
      `{"token":"${DOC_TOKEN}","limit":2,"type":"trigger"}`,
      `{"token":"${DOC_TOKEN}","from_id":3,"limit":2,"type":"trigger"}`,
      `{"token":"${DOC_TOKEN}","from_id":5,"limit":2,"type":"trigger"}`,
    ]);
    assert.deepStrictEqual(pages.map(([p, i]) => [p.items.length, p.nextFromId, i]), [[2, 3, 0], [2, 5, 1], [1, undefined, 2]]);
  });

  it("stops at next_from_id 0", async () => {
    server = await startScriptedServer([page([1], 2), page([2], 0)]);
    const { client } = testClient(server.baseUrl);
    assert.deepStrictEqual(await collect(client.mailings.listAll()), [1, 2]);
    client.close();
    assert.equal(server.requests.length, 2);
  });

  it("stops at an empty page even when it names a next_from_id", async () => {
    server = await startScriptedServer([page([1], 2), page([], 3), page([3])]);
    const { client } = testClient(server.baseUrl);
    assert.deepStrictEqual(await collect(client.mailings.listAll()), [1]);
    client.close();
    assert.equal(server.requests.length, 2);
  });

  it("stops when next_from_id does not advance (a server loop)", async () => {
    server = await startScriptedServer([page([1, 2], 3), page([3, 4], 3), page([5])]);
    const { client } = testClient(server.baseUrl);
    assert.deepStrictEqual(await collect(client.mailings.listAll()), [1, 2, 3, 4]);
    client.close();
    assert.equal(server.requests.length, 2);
  });

  it("stops when next_from_id goes backwards", async () => {
    server = await startScriptedServer([page([10], 20), page([20], 5), page([5])]);
    const { client } = testClient(server.baseUrl);
    assert.deepStrictEqual(await collect(client.mailings.listAll()), [10, 20]);
    client.close();
    assert.equal(server.requests.length, 2);
  });

  it("stops at once when the first page's next_from_id is the default start", async () => {
    server = await startScriptedServer([page([1], 1), page([1], 1)]);
    const { client } = testClient(server.baseUrl);
    assert.deepStrictEqual(await collect(client.mailings.listAll()), [1]);
    client.close();
    assert.equal(server.requests.length, 1);
  });

  it("gives each page its own Request-ID, derived from a given one", async () => {
    server = await startScriptedServer([page([1], 2), page([2])]);
    const { client } = testClient(server.baseUrl);
    await collect(client.mailings.listAll({}, { requestId: "sync-1" }));
    const fresh = testClient(server.baseUrl).client;
    server.script(page([7], 8), page([8]));
    await collect(fresh.mailings.listAll());
    client.close();
    fresh.close();
    const ids = server.requests.map((r) => String(r.headers["request-id"]));
    assert.deepStrictEqual(ids.slice(0, 2), ["sync-1-page1", "sync-1-page2"]);
    assert.notEqual(ids[2], ids[3]);
  });

  it("is lazy: nothing is requested until iteration starts, and breaking stops paging", async () => {
    server = await startScriptedServer([page([1, 2], 3), page([3, 4], 5)]);
    const { client } = testClient(server.baseUrl);
    const iterator = client.mailings.listAll();
    assert.equal(server.requests.length, 0);
    for await (const item of iterator) {
      if (item.id === 1) break;
    }
    client.close();
    assert.equal(server.requests.length, 1);
  });

  it("refuses bad filters, unknown keys and fromId at the call, before any request", async () => {
    server = await startScriptedServer();
    const { client } = testClient(server.baseUrl);
    assert.throws(() => client.mailings.listAll({ limit: -1 }), (e: unknown) => e instanceof AltcraftValidationError && e.message === "listAll: limit must be a positive integer, got -1");
    assert.throws(() => client.mailings.listAll({ fromId: 5 } as never), (e: unknown) => e instanceof AltcraftValidationError && e.field === "fromId");
    assert.throws(() => client.mailings.listAll({}, { onPage: 1 as never }), (e: unknown) => e instanceof AltcraftValidationError && e.field === "onPage");
    assert.throws(
      () => client.mailings.listAll({ is_active: true } as never),
      (e: unknown) =>
        e instanceof AltcraftValidationError &&
        e.field === "is_active" &&
        e.message === "listAll: is_active is not a parameter of listAll; allowed: limit, type, isActive, uiTags, groups, groupsId; did you mean isActive?",
    );
    client.close();
    assert.equal(server.requests.length, 0);
  });

  it("propagates an API error from a later page", async () => {
    server = await startScriptedServer([page([1], 2), jsonEnvelope(null, 403, "Access denied")]);
    const { client } = testClient(server.baseUrl);
    const seen: number[] = [];
    let caught: unknown;
    try {
      for await (const item of client.mailings.listAll()) seen.push(item.id);
    } catch (error) {
      caught = error;
    }
    client.close();
    assert.deepStrictEqual(seen, [1]);
    assert.equal((caught as Error).name, "PermissionError");
  });
});
