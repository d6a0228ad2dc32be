import { strict as assert } from "node:assert";
import { serializeProvider } from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { itemProvider } from "./fixtures/itemProvider";
import { startItemServer, type ItemServer } from "./fixtures/itemServer";
import { hostRejection } from "../harness/hostRejection";

const TOKEN = "fixture-token-5f1c";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}


describe("harness: provider host", () => {
  let server: ItemServer;
  let host: ProviderHost;
  let providerText: string;

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

  it("starts a live host process whose output is captured", () => {
    assert.ok(Number.isInteger(host.pid) && isAlive(host.pid));
    assert.match(host.output().stdout, /^\d+\n/, "the first stdout line is the port");
  });

  it("unwraps a secret config value for the provider, as the engine's Configure does", async () => {
    const created = await host.create({ label: "configured", __provider: providerText });
    assert.equal(server.requests.at(-1)?.authorization, `Bearer ${TOKEN}`);
    assert.equal(created.properties.__provider, providerText, "the host copies __provider into outputs");
    assert.equal(created.properties.serial, `S-${created.id}`);
  });

  it("returns Check failures and checked inputs carrying __provider", async () => {
    const checked = await host.check({}, { label: "", __provider: providerText });
    assert.deepEqual(checked.failures, [{ property: "label", reason: "label must be a non-empty string" }]);
    assert.equal(checked.inputs.__provider, providerText);
  });

  it("maps Diff results to some/none and passes replaces and deleteBeforeReplace through", async () => {
    const olds = { label: "x", kind: "a", serial: "S-1", __provider: providerText };
    const none = await host.diff("1", olds, { label: "x", kind: "a", __provider: providerText });
    assert.deepEqual(none, { changes: "none", replaces: [], deleteBeforeReplace: false });
    const replace = await host.diff("1", olds, { label: "x", kind: "b", deleteFirst: true, __provider: providerText });
    assert.deepEqual(replace, { changes: "some", replaces: ["kind"], deleteBeforeReplace: true });
  });

  it("rejects with the provider's message and gRPC code UNKNOWN when a method throws", async () => {
    const error = await hostRejection(host.create({ label: "boom", fail: "create", __provider: providerText }));
    assert.equal(error.message, "fixture create failed for boom");
    assert.equal(error.code, 2);
    assert.equal(error.method, "create");
    assert.equal(error.id, undefined);
  });

  it("decodes ErrorResourceInitFailed into id, properties and reasons", async () => {
    const error = await hostRejection(host.create({ label: "sick", fail: "initFailure", __provider: providerText }));
    assert.ok(error.id, "the error carries the id of the created item");
    assert.ok(server.items.has(error.id), "the item really exists on the server");
    assert.equal(error.message, `fixture item ${error.id} failed to initialize`);
    assert.deepEqual(error.reasons, ["fixture health check failed"]);
    assert.equal(error.properties?.serial, `S-${error.id}`);
    assert.equal(error.isInitFailure, true);
  });

  it("reads with the old outputs and reports a vanished resource with a blank id", async () => {
    const created = await host.create({ label: "to-read", __provider: providerText });
    const read = await host.read(created.id, created.properties, { label: "to-read", __provider: providerText });
    assert.equal(read.id, created.id);
    assert.equal(read.inputs?.label, "to-read");
    server.items.delete(created.id);
    const gone = await host.read(created.id, created.properties);
    assert.equal(gone.id, "");
  });
});

describe("harness: provider host lifecycle", () => {
  it("stops the host process (and a second stop is harmless)", async () => {
    const host = await startProviderHost();
    try {
      assert.ok(isAlive(host.pid));
    } finally {
      await host.stop();
    }
    assert.equal(isAlive(host.pid), false);
    await host.stop();
  });

  it("configures lazily when a resource call comes first, like the engine always configuring", async () => {
    const server = await startItemServer();
    const host = await startProviderHost();
    try {
      // No endpoint configured: the provider's configure runs against empty config and names the missing key.
      const providerText = await serializeProvider(itemProvider);
      const error = await hostRejection(host.check({}, { label: "x", __provider: providerText }));
      assert.match(error.message, /Missing required configuration key.*endpoint/);
    } finally {
      await host.stop();
      await server.close();
    }
  });
});
