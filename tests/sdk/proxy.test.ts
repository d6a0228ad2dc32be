import { strict as assert } from "node:assert";
import { tokenSpellings } from "../../sdk/redact";
import { rejectionOf, testClient, DOC_TOKEN } from "./support/fixtures";
import { startRecordingProxy, setProxyEnv, type RecordingProxy } from "./support/recording-proxy";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server";

/** A host that is not loopback and never resolves (RFC 2606), so only a proxy can answer for it. */
const REMOTE_HOST = "altcraft.invalid";

describe("sdk: HTTP(S)_PROXY from the environment", function () {
  this.timeout(15_000);
  let proxy: RecordingProxy;
  let server: ScriptedServer;
  let restoreEnv: (() => void) | undefined;

  beforeEach(async () => {
    proxy = await startRecordingProxy();
    server = await startScriptedServer();
  });

  afterEach(async () => {
    restoreEnv?.();
    restoreEnv = undefined;
    await proxy.close();
    await server.close();
  });

  for (const spelling of ["upper", "lower"] as const) {
    it(`never sends a loopback base URL through the proxy (${spelling}-case variables, NO_PROXY unset)`, async () => {
      const names = spelling === "upper" ? ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] : ["http_proxy", "https_proxy", "all_proxy"];
      restoreEnv = setProxyEnv(Object.fromEntries(names.map((name) => [name, proxy.url])));
      const { client } = testClient(server.baseUrl, { maxRetries: 0 });
      await client.mailings.activate({ id: 5 });
      client.close();
      assert.equal(proxy.requests.length, 0, "the proxy saw the request");
      assert.equal(server.requests.length, 1);
    });
  }

  it("never sends a localhost base URL through the proxy", async () => {
    restoreEnv = setProxyEnv({ HTTP_PROXY: proxy.url });
    const port = new URL(server.baseUrl).port;
    const { client } = testClient(`http://localhost:${port}`, { maxRetries: 0 });
    await client.mailings.activate({ id: 5 });
    client.close();
    assert.equal(proxy.requests.length, 0);
    assert.equal(server.requests.length, 1);
  });

  it("sends a plain-http remote host through HTTP_PROXY (only with allowInsecureHttp)", async () => {
    restoreEnv = setProxyEnv({ HTTP_PROXY: proxy.url });
    const { client } = testClient(`http://${REMOTE_HOST}`, { maxRetries: 0, allowInsecureHttp: true });
    const meta = await client.mailings.activate({ id: 5 });
    client.close();
    assert.equal(meta.attempts, 1);
    assert.deepEqual(
      proxy.requests.map((r) => `${r.method} ${r.target}`),
      [`POST http://${REMOTE_HOST}/api/v1.1/campaigns/activate/`],
    );
  });

  it("tunnels an https remote host through HTTPS_PROXY with CONNECT, so the proxy never sees the token", async () => {
    restoreEnv = setProxyEnv({ HTTPS_PROXY: proxy.url });
    const { client } = testClient(`https://${REMOTE_HOST}`, { maxRetries: 0, tokenPlacement: "header" });
    const error = await rejectionOf(client.mailings.activate({ id: 5 }));
    client.close();
    // The proxy refused the tunnel; its 403 is all that came back.
    assert.equal((error as { httpStatus?: number }).httpStatus, 403, String(error));
    assert.deepEqual(proxy.requests.map((r) => `${r.method} ${r.target}`), [`CONNECT ${REMOTE_HOST}:443`]);
    const seen = JSON.stringify(proxy.requests);
    for (const spelling of tokenSpellings(DOC_TOKEN)) assert.ok(!seen.includes(spelling), "the token reached the proxy");
  });

  it("honours NO_PROXY for a remote host", async () => {
    restoreEnv = setProxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: `example.com,${REMOTE_HOST}` });
    const { client } = testClient(`http://${REMOTE_HOST}`, { maxRetries: 0, allowInsecureHttp: true });
    const error = await rejectionOf(client.mailings.activate({ id: 5 }));
    client.close();
    // Sent directly, the name does not resolve: a connection error, and nothing reached the proxy.
    assert.equal((error as { kind?: string }).kind, "connection", String(error));
    assert.equal(proxy.requests.length, 0);
  });
});
