import assert from "node:assert/strict";
import type { EndpointName } from "../../sdk/endpoints";
import type { TestEngine } from "../harness/engine";
import { MATRIX_RETRY_BASE_MS, MATRIX_TIMEOUT_MS } from "./support/fault-matrix";
import { assertHostHealthy } from "./support/host-health";
import { startProviderStack, type ProviderStack } from "./support/provider-stack";
import { hostRejection } from "../harness/hostRejection";

const TOKEN = "permanent-errors-token-c4e1";
const MAILING = 82;
const NAME = "digest";
const INPUTS = { mailingId: MAILING, runNow: true };

/** Altcraft error envelopes the platform answers with, at HTTP 200 (as documented) and at the matching status. */
const API_ERRORS = [
  { code: 400, text: "Invalid parameter override_limit: must be a positive integer" },
  { code: 401, text: "API token missing" },
  { code: 402, text: "Tariff limit reached: upgrade your plan to send more messages" },
  { code: 403, text: "Access denied: the token has no access to this object group" },
].flatMap((e) => [200, e.code].map((httpStatus) => ({ ...e, httpStatus })));

/** Each provider operation, the endpoint whose answer is the permanent error, and how it must fail. */
const OPERATIONS: { name: string; endpoint: EndpointName; path: string; action: string; run(engine: TestEngine): Promise<unknown>; needsResource: boolean }[] = [
  { name: "create", endpoint: "activate", path: "campaigns/activate/", action: "activate", run: (e) => e.up(NAME, INPUTS), needsResource: false },
  { name: "refresh", endpoint: "getStatus", path: "campaigns/get_status", action: "read", run: (e) => e.refresh(NAME), needsResource: true },
  { name: "delete", endpoint: "deactivate", path: "campaigns/deactivate", action: "deactivate", run: (e) => e.destroy(NAME), needsResource: true },
];


function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Permanent errors are not retried (exactly one request), and the API's code and text reach the user. */
describe("reliability: permanent errors through the real provider host", function () {
  this.timeout(60_000);

  describe("API error envelopes", () => {
    let stack: ProviderStack;
    let engine: TestEngine;

    before(async () => {
      stack = await startProviderStack({
        token: TOKEN,
        emulator: { mailings: [{ id: MAILING, name: "Weekly digest" }] },
        config: { timeoutMs: String(MATRIX_TIMEOUT_MS), retryBaseMs: String(MATRIX_RETRY_BASE_MS) },
      });
    });
    after(async () => stack?.close());
    beforeEach(() => {
      stack.emulator.reset();
      engine = stack.engine();
    });

    for (const operation of OPERATIONS) {
      for (const apiError of API_ERRORS) {
        it(`${operation.name}: error ${apiError.code} at HTTP ${apiError.httpStatus} → one request, code and text shown`, async () => {
          if (operation.needsResource) await engine.up(NAME, INPUTS);
          const stateBefore = engine.state(NAME);
          const requestsBefore = stack.requestsTo(operation.endpoint);
          const body = JSON.stringify({ data: null, error: apiError.code, error_text: apiError.text });
          stack.emulator.faults.add({ endpoint: operation.endpoint, fault: { type: "malformed", status: apiError.httpStatus, body } });

          const error = await hostRejection(operation.run(engine));
          assert.match(error.message, new RegExp(`^ActivatedMailing ${MAILING}: ${operation.action} failed: ${escape(operation.path)}: ${apiError.code} ${escape(apiError.text)}`));
          assert.equal(stack.requestsTo(operation.endpoint) - requestsBefore, 1, "no retry");
          assert.deepEqual(engine.state(NAME), stateBefore, "state unchanged: nothing recorded, nothing lost");
          assert.equal(stack.emulator.launches(MAILING).length, operation.needsResource ? 1 : 0);
        });
      }
    }

    it("the 401 and 403 messages say how to fix the token", async () => {
      for (const code of [401, 403]) {
        stack.emulator.reset();
        const body = JSON.stringify({ data: null, error: code, error_text: "nope" });
        stack.emulator.faults.add({ endpoint: "activate", fault: { type: "malformed", body } });
        const error = await hostRejection(stack.engine().up(NAME, INPUTS));
        assert.match(error.message, code === 401 ? /the API token is missing or was not accepted/ : /lacks a role or object-group access/);
      }
    });

    it("an unknown mailing: create fails with 404 and the API's text after one request; refresh drops it; delete counts it as deleted", async () => {
      const ghost = 999;
      const error = await hostRejection(engine.up("ghost", { mailingId: ghost }));
      assert.match(error.message, /^ActivatedMailing 999: activate failed: campaigns\/activate\/: 404 Mailing 999 not found/);
      assert.equal(stack.requestsTo("activate", ghost), 1);
      assert.equal(engine.state("ghost"), undefined);

      await engine.up(NAME, INPUTS);
      stack.emulator.removeMailing(MAILING);
      assert.equal((await engine.refresh(NAME)).gone, true);
      assert.equal(stack.requestsTo("getStatus", MAILING), 2, "one read-back, one refresh: no retry");

      stack.emulator.reset();
      await engine.up(NAME, INPUTS);
      stack.emulator.removeMailing(MAILING);
      await engine.destroy(NAME);
      assert.equal(engine.state(NAME), undefined);
      assert.equal(stack.requestsTo("deactivate", MAILING), 1);
    });

    it("the host survived", () => assertHostHealthy(stack.host));
  });

  describe("a token the platform does not accept", () => {
    let stack: ProviderStack;

    before(async () => {
      stack = await startProviderStack({ token: TOKEN, providerToken: "wrong-token-7d2f", emulator: { mailings: [{ id: MAILING }] } });
    });
    after(async () => stack?.close());

    it("fails the create with the API's 403 and text after exactly one request", async () => {
      const error = await hostRejection(stack.engine().up(NAME, INPUTS));
      assert.match(error.message, /^ActivatedMailing 82: activate failed: campaigns\/activate\/: 403 Access denied/);
      assert.equal(stack.emulator.requests.length, 1);
      assert.equal(stack.emulator.executions.length, 0);
    });
  });

  describe("no token at all", () => {
    let stack: ProviderStack;

    before(async () => {
      stack = await startProviderStack({ token: TOKEN, providerToken: null, emulator: { mailings: [{ id: MAILING }] } });
    });
    after(async () => stack?.close());

    it("is refused before any request, naming both ways to set it", async () => {
      const error = await hostRejection(stack.engine().up(NAME, INPUTS));
      assert.match(error.message, /altcraft:token/);
      assert.match(error.message, /ALTCRAFT_TOKEN/);
      assert.equal(stack.emulator.requests.length, 0);
    });
  });
});
