import assert from "node:assert/strict";
import { AltcraftClient, isAltcraftError, type RetryEvent } from "../../sdk";
import { activatedMailingProvider } from "../../provider/provider";
import { CheckFailedError, ProviderHostError, TestEngine, serializeProvider } from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { withDestroyHost } from "../reliability/support/destroy-host";
import { ECHO_REPLIES } from "./support/echo-replies";
import { startHostileServer, type HostileReply, type HostileServer, type SeenRequest } from "./support/hostile-server";
import { TRICKY_TOKEN, tokenLeaks } from "./support/token-scan";

/** Valid answers for the paths the provider calls, so a resource can exist before the server turns hostile. */
function healthy(request: SeenRequest): HostileReply {
  const ok = (data: unknown): HostileReply => ({ status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ data, error: 0, error_text: "Successful operation" }) });
  if (request.path.includes("get_status")) return ok({ is_active: true, is_completed: false, status: "Active" });
  if (request.path.includes("campaigns/get")) return ok({ id: 82, name: "Weekly digest", is_active: true, is_completed: false });
  return ok(null);
}

/** A server that echoes the token back in every way it can: the token must still never come out. */
describe("security: a server that echoes the token back", function () {
  this.timeout(60_000);
  let server: HostileServer;

  before(async () => {
    server = await startHostileServer();
  });
  after(async () => server?.close());

  it("control: the scan finds the token in what the server received, in every placement and format", async () => {
    server.answer(healthy);
    for (const format of ["json", "xml"] as const) {
      for (const tokenPlacement of ["body", "header"] as const) {
        const client = new AltcraftClient({ baseUrl: server.url, token: TRICKY_TOKEN, format, tokenPlacement });
        await client.mailings.deactivate({ id: 82 });
        client.close();
        assert.notDeepEqual(tokenLeaks(TRICKY_TOKEN, { request: server.requests.at(-1) }), [], `${format}/${tokenPlacement}`);
      }
    }
  });

  describe("through the client", () => {
    for (const format of ["json", "xml"] as const) {
      for (const tokenPlacement of ["body", "header"] as const) {
        for (const echo of ECHO_REPLIES) {
          it(`${echo.name} (${format}, token in the ${tokenPlacement}): typed error, no token anywhere in it`, async () => {
            server.answer((request) => echo.reply(request.token ?? "no token received"));
            const events: RetryEvent[] = [];
            const client = new AltcraftClient({
              baseUrl: server.url,
              token: TRICKY_TOKEN,
              format,
              tokenPlacement,
              maxRetries: 1,
              sleep: async () => {},
              onRetry: (event) => events.push(event),
            });
            const errors: unknown[] = [];
            for (const call of [() => client.mailings.activate({ id: 82, runNow: true }), () => client.mailings.getStatus({ id: 82 }), () => client.mailings.get({ id: 82 })]) {
              try {
                await call();
              } catch (error) {
                errors.push(error);
              }
            }
            client.close();
            assert.equal(server.requests.at(-1)?.token, TRICKY_TOKEN, "the server did receive the token to echo");
            assert.ok(errors.length >= 2, "the hostile answers fail the calls");
            assert.ok(errors.every(isAltcraftError));
            assert.deepEqual(tokenLeaks(TRICKY_TOKEN, { errors, events }), []);
          });
        }
      }
    }
  });

  describe("through the real provider host", () => {
    let host: ProviderHost;
    let providerText: string;
    const errors: unknown[] = [];
    const states: unknown[] = [];

    before(async () => {
      const start = async (): Promise<ProviderHost> => {
        const started = await startProviderHost({ env: { ALTCRAFT_TOKEN: "", ALTCRAFT_BASE_URL: "" } });
        await started.configure({ "altcraft:baseUrl": server.url, "altcraft:token": TRICKY_TOKEN, "altcraft:retryBaseMs": "1", "altcraft:maxRetries": "1" }, ["altcraft:token"]);
        return started;
      };
      // Deletes through a host that ran no Check, or the check of "fresh" would keep mailing 82 from being deactivated.
      host = withDestroyHost(await start(), start);
      providerText = await serializeProvider(activatedMailingProvider);
    });
    after(async () => host?.stop());

    for (const echo of ECHO_REPLIES) {
      it(`${echo.name}: create, refresh and delete fail without showing the token`, async () => {
        const engine = new TestEngine(host, providerText);
        server.answer(healthy);
        await engine.up("existing", { mailingId: 82 });
        server.answer((request) => echo.reply(request.token ?? "no token received"));
        for (const step of [() => engine.up("fresh", { mailingId: 82, runNow: true }), () => engine.refresh("existing"), () => engine.destroy("existing")]) {
          try {
            await step();
          } catch (error) {
            // The create now fails at check (its one read of the mailing); refresh and delete through the host.
            assert.ok(error instanceof ProviderHostError || error instanceof CheckFailedError, String(error));
            errors.push(error);
          }
        }
        states.push(engine.state("existing"), engine.state("fresh"));
        assert.equal(server.requests.at(-1)?.token, TRICKY_TOKEN);
      });
    }

    it("no error, no state, no host output and no serialized provider holds the token", () => {
      assert.ok(errors.length >= 2 * ECHO_REPLIES.length, `only ${errors.length} failures`);
      // check's read now meets the hostile answer first: its failure messages are scanned too.
      assert.ok(errors.filter((e) => e instanceof CheckFailedError).length >= ECHO_REPLIES.length / 2, "check failures were collected");
      const { stdout, stderr } = host.output();
      assert.ok(stderr.length > 0, "the host did print the refresh/delete failures");
      assert.deepEqual(tokenLeaks(TRICKY_TOKEN, { errors, states, stdout, stderr, providerText }), []);
    });
  });
});
