import assert from "node:assert/strict";
import { AltcraftClient, isAltcraftError, type AltcraftHttpError } from "../../sdk";
import { activatedMailingProvider } from "../../provider/provider";
import { ProviderHostError, TestEngine, serializeProvider } from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { startHostileServer, type HostileReply, type HostileServer } from "./support/hostile-server";

const TOKEN = "redirect-token-0c3b7a";
const STATUSES = [301, 302, 303, 307, 308];
const ELSEWHERE = "/elsewhere/api/v1.1/campaigns/activate/";

/**
 * A redirect would resend the token to wherever the server points: every 3xx is refused with a typed error, the
 * Location is never requested, and nothing is retried.
 */
describe("security: redirects are refused", function () {
  this.timeout(60_000);
  let server: HostileServer;

  before(async () => {
    server = await startHostileServer();
  });
  after(async () => server?.close());

  for (const status of STATUSES) {
    it(`client: HTTP ${status} → typed error naming the Location, which is never requested`, async () => {
      server.requests.length = 0;
      server.answer(() => ({ status, headers: { Location: `${server.url}${ELSEWHERE}` }, body: "moved" }));
      const client = new AltcraftClient({ baseUrl: server.url, token: TOKEN, sleep: async () => {} });
      const error = await client.mailings.activate({ id: 82, runNow: true }).then(
        () => assert.fail("a redirect must not succeed"),
        (e: unknown) => e,
      );
      client.close();
      assert.ok(isAltcraftError(error));
      assert.equal(error.kind, "http");
      assert.equal((error as AltcraftHttpError).httpStatus, status);
      assert.equal((error as AltcraftHttpError).location, `${server.url}${ELSEWHERE}`);
      assert.deepEqual(server.requests.map((r) => r.path), ["/api/v1.1/campaigns/activate/"]);
    });
  }

  describe("through the real provider host", () => {
    let host: ProviderHost;
    let providerText: string;

    before(async () => {
      host = await startProviderHost({ env: { ALTCRAFT_TOKEN: "", ALTCRAFT_BASE_URL: "" } });
      await host.configure({ "altcraft:baseUrl": server.url, "altcraft:token": TOKEN }, ["altcraft:token"]);
      providerText = await serializeProvider(activatedMailingProvider);
    });
    after(async () => host?.stop());

    for (const status of STATUSES) {
      it(`HTTP ${status} on activate: the create fails saying the redirect was refused; nothing is recorded`, async () => {
        server.requests.length = 0;
        // check's read is answered; the activation is redirected.
        server.answer((request): HostileReply =>
          request.path.includes("campaigns/activate")
            ? { status, headers: { Location: `${server.url}${ELSEWHERE}` }, body: "" }
            : { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ data: { id: 82, name: "Weekly digest", is_active: false, is_completed: false }, error: 0, error_text: "Successful operation" }) },
        );
        const engine = new TestEngine(host, providerText);
        await assert.rejects(engine.up("m", { mailingId: 82, runNow: true }), (error: unknown) => {
          assert.ok(error instanceof ProviderHostError);
          assert.match(error.message, new RegExp(`activate failed: campaigns/activate/: HTTP ${status} redirect refused \\(Location: `));
          assert.match(error.message, /check baseUrl/);
          return true;
        });
        assert.equal(engine.state("m"), undefined);
        assert.deepEqual(server.requests.map((r) => r.path), ["/api/v1.1/campaigns/get", "/api/v1.1/campaigns/activate/"], "one activation, the Location never followed");
      });
    }
  });
});
