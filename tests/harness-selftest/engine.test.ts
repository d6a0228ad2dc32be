import { strict as assert } from "node:assert";
import {
  CheckFailedError,
  ProviderHostError,
  TestEngine,
  UNKNOWN,
  isSecret,
  serializeProvider,
} from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { itemProvider } from "./fixtures/itemProvider";
import { startItemServer, type ItemServer } from "./fixtures/itemServer";

const TOKEN = "engine-token-93ab";

describe("harness: TestEngine", () => {
  let server: ItemServer;
  let host: ProviderHost;
  let providerText: string;
  let engine: TestEngine;

  before(async () => {
    server = await startItemServer();
    providerText = await serializeProvider(itemProvider);
    host = await startProviderHost();
    await host.configure({ "altcraft-test:endpoint": server.url, "altcraft-test:token": TOKEN }, ["altcraft-test:token"]);
  });

  after(async () => {
    await host?.stop();
    await server?.close();
  });

  beforeEach(() => {
    engine = new TestEngine(host, providerText);
    server.requests.length = 0;
  });

  function calls(): string[] {
    return server.requests.map((r) => `${r.method} ${r.path}`);
  }

  it("creates, then leaves an unchanged resource alone, then updates in place", async () => {
    const created = await engine.up("item", { label: "one", size: 1, kind: "k" });
    assert.equal(created.op, "create");
    assert.equal(created.outputs.serial, `S-${created.id}`);
    assert.equal(created.outputs.__provider, providerText);
    assert.deepEqual(engine.state("item")?.inputs, { label: "one", size: 1, kind: "k", __provider: providerText });

    const same = await engine.up("item", { label: "one", size: 1, kind: "k" });
    assert.equal(same.op, "same");
    assert.equal(same.id, created.id);

    const updated = await engine.up("item", { label: "one", size: 2, kind: "k" });
    assert.equal(updated.op, "update");
    assert.equal(updated.id, created.id);
    assert.equal(updated.outputs.size, 2);
    assert.equal(updated.outputs.serial, created.outputs.serial, "update keeps the server-assigned serial");
    assert.deepEqual(calls(), ["POST /items", `PUT /items/${created.id}`]);
  });

  it("replaces by creating the new resource before deleting the old one", async () => {
    const first = await engine.up("item", { label: "r", kind: "a" });
    const replaced = await engine.up("item", { label: "r", kind: "b" });
    assert.equal(replaced.op, "replace");
    assert.notEqual(replaced.id, first.id);
    assert.deepEqual(calls(), ["POST /items", "POST /items", `DELETE /items/${first.id}`]);
    assert.equal(engine.state("item")?.id, replaced.id);
  });

  it("deletes first when Diff asks for deleteBeforeReplace", async () => {
    const first = await engine.up("item", { label: "d", kind: "a", deleteFirst: true });
    await engine.up("item", { label: "d", kind: "b", deleteFirst: true });
    assert.deepEqual(calls(), ["POST /items", `DELETE /items/${first.id}`, "POST /items"]);
  });

  it("refresh picks up drift and replaces the stored inputs with the ones Read returns", async () => {
    const created = await engine.up("item", { label: "before", size: 3 });
    server.items.set(created.id, { id: created.id, label: "after", size: 4 });
    const refreshed = await engine.refresh("item");
    assert.equal(refreshed.gone, false);
    assert.equal(refreshed.outputs?.label, "after");
    assert.equal(engine.state("item")?.inputs.label, "after");
    assert.equal(engine.state("item")?.inputs.__provider, providerText, "the host keeps __provider in read inputs");
    const next = await engine.up("item", { label: "before", size: 3 });
    assert.equal(next.op, "update", "the program's values differ from the refreshed ones");
  });

  it("refresh drops a resource that no longer exists, and the next up creates it again", async () => {
    const created = await engine.up("item", { label: "vanishing" });
    server.items.delete(created.id);
    assert.deepEqual(await engine.refresh("item"), { gone: true });
    assert.equal(engine.state("item"), undefined);
    assert.equal((await engine.up("item", { label: "vanishing" })).op, "create");
  });

  it("destroy deletes with the stored outputs and forgets the resource", async () => {
    const created = await engine.up("item", { label: "doomed" });
    await engine.destroy("item");
    assert.equal(server.items.has(created.id), false);
    assert.equal(engine.state("item"), undefined);
    await assert.rejects(engine.destroy("item"), /resource 'item' is not in state/);
  });

  it("rejects up with every Check failure as property: reason, and creates nothing", async () => {
    const error = await engine.up("bad", { label: "", size: "big" }).then(
      () => assert.fail("expected a rejection"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof CheckFailedError);
    assert.match(error.message, /label: label must be a non-empty string/);
    assert.match(error.message, /size: size must be a number/);
    assert.deepEqual(calls(), []);
    assert.equal(engine.state("bad"), undefined);
  });

  it("passes the provider's error message through a failed create", async () => {
    await assert.rejects(engine.up("failing", { label: "f", fail: "create" }), (error: unknown) => {
      assert.ok(error instanceof ProviderHostError);
      assert.equal(error.message, "fixture create failed for f");
      return true;
    });
    assert.equal(engine.state("failing"), undefined);
  });

  it("records a created-but-unhealthy resource (ErrorResourceInitFailed) so it can still be destroyed", async () => {
    const error = await engine.up("sick", { label: "s", fail: "initFailure" }).then(
      () => assert.fail("expected a rejection"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ProviderHostError && error.id);
    assert.equal(engine.state("sick")?.id, error.id);
    await engine.destroy("sick");
    assert.equal(server.items.has(error.id), false);
  });

  it("previews with unknown inputs through Check and Diff only", async () => {
    assert.deepEqual(await engine.preview("p", { label: UNKNOWN, size: UNKNOWN }), { op: "create", failures: [] });
    await engine.up("p", { label: "known", kind: "a" });
    server.requests.length = 0;
    assert.equal((await engine.preview("p", { label: UNKNOWN, kind: "a" })).op, "update");
    assert.equal((await engine.preview("p", { label: "known", kind: UNKNOWN })).op, "replace");
    assert.equal((await engine.preview("p", { label: "known", kind: "a" })).op, "same");
    assert.deepEqual((await engine.preview("p", { label: "" })).failures, [
      { property: "label", reason: "label must be a non-empty string" },
    ]);
    assert.deepEqual(calls(), [], "preview never reaches the server");
  });

  it("keeps the old __provider in outputs when only the provider code changed (Diff says no changes)", async () => {
    const newProviderText = await serializeProvider({ ...itemProvider, revision: 2 });
    assert.notEqual(newProviderText, providerText);
    await engine.up("versioned", { label: "v" });
    const same = await engine.up("versioned", { label: "v" }, { providerText: newProviderText });
    assert.equal(same.op, "same");
    assert.equal(engine.state("versioned")?.inputs.__provider, newProviderText);
    assert.equal(engine.state("versioned")?.outputs.__provider, providerText, "delete and refresh still run the old code");
  });

  it("strips secret inputs before the provider sees them and re-marks the matching outputs", async () => {
    const created = await engine.up("secretive", { label: "s", note: "private-note" }, { secretKeys: ["note"] });
    assert.deepEqual((server.requests[0]?.body as Record<string, unknown>).note, "private-note");
    assert.ok(isSecret(created.outputs.note));
    assert.ok(isSecret(engine.state("secretive")?.inputs.note));
    assert.ok(!isSecret(created.outputs.label));
    assert.ok(!JSON.stringify(engine.state("secretive")).includes(TOKEN), "the config token never reaches state");
  });
  it("ignoreChanges takes paths: the old value at each, and a new value the old inputs lack is removed", async () => {
    const opts = { ignoreChanges: ["size", "note", "meta.a"] };
    await engine.up("ic", { label: "ic", size: 1, meta: { a: 1, b: 1 } }, opts);
    await engine.up("ic", { label: "ic", size: 5, note: "new", meta: { a: 9, b: 2 } }, opts);
    const inputs = engine.state("ic")?.inputs ?? {};
    assert.equal(inputs.size, 1);
    assert.equal("note" in inputs, false);
    assert.deepEqual(inputs.meta, { a: 1, b: 2 });
  });

  it("replaceOnChanges acts only on changed keys the provider reports, and the Node host reports none", async () => {
    await engine.up("roc", { label: "roc", size: 1 }, { replaceOnChanges: ["size"] });
    const again = await engine.up("roc", { label: "roc", size: 2 }, { replaceOnChanges: ["size"] });
    assert.equal(again.op, "update");
  });

  it("deleteBeforeReplace: false overrides a provider that asks for delete-before-replace", async () => {
    const first = await engine.up("dbr", { label: "dbr", kind: "a", deleteFirst: true });
    server.requests.length = 0;
    await engine.up("dbr", { label: "dbr", kind: "b", deleteFirst: true }, { deleteBeforeReplace: false });
    assert.deepEqual(calls(), ["POST /items", `DELETE /items/${first.id}`]);
  });

  it("checks a replacement again with empty olds before creating it", async () => {
    const tracing = await serializeProvider({
      ...itemProvider,
      async check(olds: { label?: string }, news: { label: string }) {
        console.log(`ENGINE-CHECK olds=${JSON.stringify(olds.label ?? null)}`);
        return { inputs: news, failures: [] };
      },
    });
    await engine.up("rc", { label: "rc", kind: "a" }, { providerText: tracing });
    const before = host.output().stdout.length;
    await engine.up("rc", { label: "rc", kind: "b" }, { providerText: tracing });
    const checks = host.output().stdout.slice(before).split("\n").filter((l) => l.startsWith("ENGINE-CHECK"));
    assert.deepEqual(checks, ['ENGINE-CHECK olds="rc"', "ENGINE-CHECK olds=null"]);
  });
});
