import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { activatedMailingProvider } from "../../provider/provider";
import { configure, sessionFor } from "../../provider/lifecycle";
import { ProviderHostError, TestEngine, serializeProvider } from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";

const TOKEN = "insecure-http-token-77e2";

/** Starts a host configured with `config` (plus the token); the caller stops it. */
async function configuredHost(config: Record<string, string>): Promise<{ host: ProviderHost; engine: TestEngine }> {
  const host = await startProviderHost({ env: { ALTCRAFT_TOKEN: "", ALTCRAFT_BASE_URL: "" } });
  await host.configure({ ...config, "altcraft:token": TOKEN }, ["altcraft:token"]);
  return { host, engine: new TestEngine(host, await serializeProvider(activatedMailingProvider)) };
}

/**
 * Plain http:// would send the token in clear text: the provider's configure path refuses it for any host that is
 * not loopback unless `altcraft:allowInsecureHttp` is "true". Tests send traffic only to 127.0.0.1, so the refused
 * cases name a remote host (the refusal comes before any lookup or connection) and the allowed case is shown by the
 * provider building its client for that host without refusing it.
 */
describe("security: http:// to a non-loopback host", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  const hosts: ProviderHost[] = [];

  before(async () => {
    emulator = await startEmulator({ tokens: [TOKEN], mailings: [{ id: 82 }] });
  });
  after(async () => {
    for (const host of hosts) await host.stop();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  const refusal = (error: unknown, hostname: string): true => {
    assert.ok(error instanceof ProviderHostError);
    assert.match(error.message, new RegExp(`plain http:// for the non-loopback host "${hostname.replace(/\./g, "\\.")}"`));
    assert.match(error.message, /allowInsecureHttp/);
    return true;
  };

  it("is refused for a remote host, before anything is sent", async () => {
    const { host, engine } = await configuredHost({ "altcraft:baseUrl": "http://altcraft.example.com" });
    hosts.push(host);
    await assert.rejects(engine.up("m", { mailingId: 82 }), (error) => refusal(error, "altcraft.example.com"));
    assert.equal(engine.state("m"), undefined);
  });

  it('is refused with altcraft:allowInsecureHttp "false"', async () => {
    const { host, engine } = await configuredHost({ "altcraft:baseUrl": "http://altcraft.example.com", "altcraft:allowInsecureHttp": "false" });
    hosts.push(host);
    await assert.rejects(engine.up("m", { mailingId: 82 }), (error) => refusal(error, "altcraft.example.com"));
    assert.equal(engine.state("m"), undefined);
  });

  it('is allowed with altcraft:allowInsecureHttp "true": the provider builds its client for the host', () => {
    const configured = (settings: Record<string, string>): object => {
      const provider = {};
      configure(provider, { get: (key) => settings[key] });
      return provider;
    };
    const config = { "altcraft:baseUrl": "http://altcraft.example.com", "altcraft:token": TOKEN, "altcraft:allowInsecureHttp": "true" };
    assert.doesNotThrow(() => sessionFor(configured(config)));
    assert.throws(
      () => sessionFor(configured({ ...config, "altcraft:allowInsecureHttp": "false" })),
      /plain http:\/\/ for the non-loopback host "altcraft\.example\.com"/,
    );
  });

  it("a malformed flag is refused naming the key and the allowed values", async () => {
    const { host, engine } = await configuredHost({ "altcraft:baseUrl": "http://altcraft.example.com", "altcraft:allowInsecureHttp": "yes" });
    hosts.push(host);
    await assert.rejects(engine.up("m", { mailingId: 82 }), (error: unknown) => {
      assert.ok(error instanceof ProviderHostError);
      assert.match(error.message, /altcraft:allowInsecureHttp must be one of true, false; got "yes"/);
      return true;
    });
    assert.equal(emulator.requests.length, 0);
  });

  it("loopback http (the emulator's own URL) needs no flag", async () => {
    const { host, engine } = await configuredHost({ "altcraft:baseUrl": emulator.url });
    hosts.push(host);
    await engine.up("m", { mailingId: 82 });
    assert.equal(emulator.executions.filter((e) => e.endpoint === "activate").length, 1);
  });
});
