import assert from "node:assert/strict";
import type { EndpointName } from "../../sdk/endpoints";
import { CheckFailedError, type TestEngine } from "../harness/engine";
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

/**
 * Each provider operation, the endpoint whose answer is the permanent error, how it must fail, and how many requests
 * that endpoint gets: the client never retries an API error, but the provider sends a refused activation once more
 * under a fresh Request-ID (Altcraft replays failures too, and a refusal means nothing ran).
 */
const OPERATIONS: { name: string; endpoint: EndpointName; path: string; action: string; run(engine: TestEngine): Promise<unknown>; needsResource: boolean; requests: number }[] = [
  { name: "create", endpoint: "activate", path: "campaigns/activate/", action: "activate", run: (e) => e.up(NAME, INPUTS), needsResource: false, requests: 2 },
  { name: "refresh", endpoint: "get", path: "campaigns/get", action: "read", run: (e) => e.refresh(NAME), needsResource: true, requests: 1 },
  { name: "delete", endpoint: "deactivate", path: "campaigns/deactivate", action: "deactivate", run: (e) => e.destroy(NAME), needsResource: true, requests: 1 },
];


function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Permanent errors are not retried by the client, and the API's code and text reach the user. */
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
        it(`${operation.name}: error ${apiError.code} at HTTP ${apiError.httpStatus} → ${operation.requests} request(s), code and text shown`, async () => {
          if (operation.needsResource) await engine.up(NAME, INPUTS);
          const stateBefore = engine.state(NAME);
          const requestsBefore = stack.requestsTo(operation.endpoint);
          const body = JSON.stringify({ data: null, error: apiError.code, error_text: apiError.text });
          stack.emulator.faults.add({ endpoint: operation.endpoint, times: operation.requests, fault: { type: "malformed", status: apiError.httpStatus, body } });

          const error = await hostRejection(operation.run(engine));
          assert.match(error.message, new RegExp(`^ActivatedMailing ${MAILING}: ${operation.action} failed: ${escape(operation.path)}: ${apiError.code} ${escape(apiError.text)}`));
          assert.equal(stack.requestsTo(operation.endpoint) - requestsBefore, operation.requests, "no client retry");
          const ids = stack.emulator.requests.filter((r) => r.endpoint === operation.endpoint).slice(-operation.requests).map((r) => r.requestId);
          assert.equal(new Set(ids).size, ids.length, "a re-sent activation carries a fresh Request-ID");
          assert.deepEqual(engine.state(NAME), stateBefore, "state unchanged: nothing recorded, nothing lost");
          assert.equal(stack.emulator.launches(MAILING).length, operation.needsResource ? 1 : 0);
        });
      }
    }

    it("the 401 and 403 messages say how to fix the token", async () => {
      for (const code of [401, 403]) {
        stack.emulator.reset();
        const body = JSON.stringify({ data: null, error: code, error_text: "nope" });
        stack.emulator.faults.add({ endpoint: "activate", times: 2, fault: { type: "malformed", body } });
        const error = await hostRejection(stack.engine().up(NAME, INPUTS));
        assert.match(error.message, code === 401 ? /the API token is missing or was not accepted/ : /lacks a role or object-group access/);
      }
    });

    it("a refused activation then accepted (a role fixed meanwhile): the fresh Request-ID runs it once", async () => {
      const body = JSON.stringify({ data: null, error: 403, error_text: "Access denied" });
      stack.emulator.faults.add({ endpoint: "activate", times: 1, fault: { type: "malformed", body } });
      const { outputs } = await engine.up(NAME, INPUTS);
      assert.equal(outputs.isActive, true);
      assert.equal(outputs.runLaunched, true);
      assert.equal(stack.requestsTo("activate", MAILING), 2);
      assert.equal(stack.executionsOf("activate", MAILING), 1);
      assert.equal(stack.emulator.launches(MAILING).length, 1);
    });

    it("an unknown mailing: check refuses it without a write; refresh drops it (confirmed by campaigns/list); delete counts it as deleted", async () => {
      const ghost = 999;
      await assert.rejects(engine.up("ghost", { mailingId: ghost }), (error: unknown) => {
        assert.ok(error instanceof CheckFailedError);
        assert.match(error.message, /mailingId: mailing 999 does not exist in Altcraft/);
        return true;
      });
      assert.equal(stack.requestsTo("activate", ghost), 0);
      assert.equal(engine.state("ghost"), undefined);

      await engine.up(NAME, INPUTS);
      stack.emulator.removeMailing(MAILING);
      assert.equal((await engine.refresh(NAME)).gone, true);
      assert.equal(stack.requestsTo("get", MAILING), 2, "one read at check, one at refresh: no retry");
      assert.equal(stack.requestsTo("list"), 2, "each 'not found' confirmed by one list");

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

    it("fails at check on mailingId with the API's 403 and how to fix the token, after exactly one read and no write", async () => {
      await assert.rejects(stack.engine().up(NAME, INPUTS), (error: unknown) => {
        assert.ok(error instanceof CheckFailedError);
        assert.match(error.message, /mailingId: mailing 82: the API token cannot read it: .*campaigns\/get: 403 Access denied/);
        return true;
      });
      assert.deepEqual(stack.emulator.requests.map((r) => r.endpoint), ["get"]);
      assert.equal(stack.emulator.executions.length, 0);
    });
  });

  describe("no token at all", () => {
    let stack: ProviderStack;

    before(async () => {
      stack = await startProviderStack({ token: TOKEN, providerToken: null, emulator: { mailings: [{ id: MAILING }] } });
    });
    after(async () => stack?.close());

    it("is refused at check before any request, naming both ways to set it", async () => {
      const error = await hostRejection(stack.engine().up(NAME, INPUTS));
      assert.match(error.message, /altcraft:token/);
      assert.match(error.message, /ALTCRAFT_TOKEN/);
      assert.equal(stack.emulator.requests.length, 0);
    });
  });
});
