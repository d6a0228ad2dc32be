import assert from "node:assert/strict";
import { AltcraftClient, DEFAULT_MAX_RESPONSE_BYTES, isAltcraftError } from "../../sdk";
import { CheckFailedError } from "../harness/engine";
import { startProviderStack, type ProviderStack } from "../reliability/support/provider-stack";
import { startHostileServer, type HostileServer } from "./support/hostile-server";

const TOKEN = "size-cap-token-19d4";
const CAP = 4096;

/** A success envelope for get_status padded to exactly `bytes` bytes. */
function statusBodyOf(bytes: number): string {
  const empty = JSON.stringify({ data: { is_active: true, is_completed: false, status: "" }, error: 0, error_text: "ok" });
  return empty.replace('"status":""', `"status":"${"A".repeat(bytes - Buffer.byteLength(empty))}"`);
}

/** A response above the size cap is refused (a hostile server cannot make the client buffer without limit). */
describe("security: responses above the size cap are refused", function () {
  this.timeout(60_000);

  describe("through the client, at the boundary", () => {
    let server: HostileServer;
    before(async () => {
      server = await startHostileServer();
    });
    after(async () => server?.close());

    it(`a body of exactly maxResponseBytes (${CAP}) is read; one byte more is refused with a typed error`, async () => {
      const client = new AltcraftClient({ baseUrl: server.url, token: TOKEN, maxResponseBytes: CAP, maxRetries: 0 });
      server.answer(() => ({ status: 200, headers: { "Content-Type": "application/json" }, body: statusBodyOf(CAP) }));
      assert.equal((await client.mailings.getStatus({ id: 82 })).isActive, true);
      server.answer(() => ({ status: 200, headers: { "Content-Type": "application/json" }, body: statusBodyOf(CAP + 1) }));
      const error = await client.mailings.getStatus({ id: 82 }).then(() => assert.fail("over the cap"), (e: unknown) => e);
      client.close();
      assert.ok(isAltcraftError(error));
      assert.equal(error.kind, "response");
      assert.match(error.message, new RegExp(`response larger than maxResponseBytes \\(${CAP} bytes\\)`));
    });
  });

  describe(`through the real provider host (default cap, ${DEFAULT_MAX_RESPONSE_BYTES} bytes)`, () => {
    let stack: ProviderStack;
    before(async () => {
      stack = await startProviderStack({ token: TOKEN, emulator: { mailings: [{ id: 82 }] } });
    });
    after(async () => stack?.close());

    it("check's read answered with one byte over the cap refuses the resource on mailingId, before any write", async () => {
      const engine = stack.engine();
      stack.emulator.faults.add({ endpoint: "get", fault: { type: "malformed", body: statusBodyOf(DEFAULT_MAX_RESPONSE_BYTES + 1) } });
      await assert.rejects(engine.up("m", { mailingId: 82 }), (error: unknown) => {
        assert.ok(error instanceof CheckFailedError);
        assert.match(error.message, new RegExp(`mailingId: mailing 82: it could not be read: campaigns/get: invalid response .*larger than maxResponseBytes \\(${DEFAULT_MAX_RESPONSE_BYTES} bytes\\)`));
        return true;
      });
      assert.equal(engine.state("m"), undefined);
      assert.equal(stack.requestsTo("get"), 1, "an oversized answer is not retried");
      assert.equal(stack.requestsTo("activate"), 0);
    });
  });
});
