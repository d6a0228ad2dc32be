import assert from "node:assert/strict";
import { CheckFailedError, type TestEngine } from "../harness/engine";
import { MATRIX_RETRY_BASE_MS, MATRIX_TIMEOUT_MS } from "./support/fault-matrix";
import { assertHostHealthy } from "./support/host-health";
import { startProviderStack, type ProviderStack } from "./support/provider-stack";
import { hostRejection } from "../harness/hostRejection";

const TOKEN = "retry-budget-token-93ad1c";
const MAILING = 4727;
const NAME = "alert";
const CREATE = { mailingId: MAILING, runNow: true, overrideLimit: 100 };
const UPDATE = { ...CREATE, overrideLimit: 200 };
/** The provider's default budget: the first attempt plus `maxRetries` (3). */
const ATTEMPTS = 4;


/**
 * When the retry budget runs out, the error says what failed and why; a create whose activation failed or whose
 * outcome is unknown is not recorded; a mailing that cannot be read is refused at check, before any write; and
 * re-running after the faults clear launches nothing twice (the activation's Request-ID is derived from the intent,
 * so the platform replays it, and the provider warns that no run went out).
 */
describe("reliability: retry budget exhausted", function () {
  this.timeout(60_000);
  let stack: ProviderStack;
  let engine: TestEngine;

  before(async () => {
    stack = await startProviderStack({
      token: TOKEN,
      viaProxy: true,
      emulator: { mailings: [{ id: MAILING, name: "Weather alert", type: "broadcast" }] },
      config: { timeoutMs: String(MATRIX_TIMEOUT_MS), retryBaseMs: String(MATRIX_RETRY_BASE_MS) },
    });
  });

  after(async () => stack?.close());

  beforeEach(() => {
    stack.emulator.reset();
    stack.proxy!.resetCounters();
    engine = stack.engine();
  });

  const launches = () => stack.emulator.launches(MAILING);

  it("create: the activation failed on every attempt → a clear error, not recorded, nothing executed; the next up launches once", async () => {
    stack.emulator.faults.add({ endpoint: "activate", times: ATTEMPTS, fault: { type: "status", status: 503 } });
    const error = await hostRejection(engine.up(NAME, CREATE));
    assert.match(error.message, /ActivatedMailing 4727: activate failed: campaigns\/activate\/: HTTP 503/);
    assert.equal(error.id, undefined);
    assert.equal(engine.state(NAME), undefined, "a failed create is not recorded");
    assert.equal(stack.requestsTo("activate"), ATTEMPTS);
    assert.equal(stack.executionsOf("activate"), 0);

    const { op, outputs } = await engine.up(NAME, CREATE);
    assert.equal(op, "create");
    assert.equal(outputs.isActive, true);
    assert.equal(launches().length, 1);
  });

  it("create: the activation ran but every answer was lost → not recorded; the next up replays it instead of launching again", async () => {
    stack.proxy!.dropResponses({ pathIncludes: "campaigns/activate", times: ATTEMPTS });
    const error = await hostRejection(engine.up(NAME, CREATE));
    assert.match(error.message, /ActivatedMailing 4727: activate failed: campaigns\/activate\/: connection failed \(ECONNRESET\)/);
    assert.equal(engine.state(NAME), undefined, "an unknown outcome is not recorded as created");
    assert.equal(stack.proxy!.dropped, ATTEMPTS);
    assert.equal(stack.executionsOf("activate"), 1, "the first attempt executed; the retries were replays");
    assert.equal(launches().length, 1);

    const stdout = stack.mark();
    const { op, outputs } = await engine.up(NAME, CREATE);
    assert.equal(op, "create");
    assert.equal(outputs.isActive, true);
    assert.equal(launches().length, 1, "re-running the up launches nothing twice");
    assert.equal(stack.executionsOf("activate"), 1);
    assert.equal(outputs.lastRequestId, launches()[0]?.requestId, "the same intent carries the same Request-ID");
    assert.equal(outputs.runLaunched, false, "state says this up launched nothing");
    assert.match(stack.stdoutSince(stdout), /altcraft: warning: mailing 4727: Altcraft answered this activation from its de-duplication cache .*NO run was launched now/);
  });

  it("create: the check's read failed on every attempt → refused at check, nothing written or recorded; the next up launches once", async () => {
    stack.emulator.faults.add({ endpoint: "get", times: ATTEMPTS, fault: { type: "status", status: 502 } });
    await assert.rejects(engine.up(NAME, CREATE), (error: unknown) => {
      assert.ok(error instanceof CheckFailedError);
      assert.match(error.message, /mailingId: mailing 4727: it could not be read: campaigns\/get: HTTP 502/);
      return true;
    });
    assert.equal(stack.requestsTo("get"), ATTEMPTS);
    assert.equal(stack.requestsTo("activate"), 0);
    assert.equal(engine.state(NAME), undefined);

    const { op } = await engine.up(NAME, CREATE);
    assert.equal(op, "create");
    assert.equal(stack.executionsOf("activate"), 1);
    assert.equal(launches().length, 1);
  });

  it("update: the activation failed on every attempt → the old state stays; the next up launches the new run once", async () => {
    const created = await engine.up(NAME, CREATE);
    stack.emulator.faults.add({ endpoint: "activate", times: ATTEMPTS, fault: { type: "reset" } });
    const error = await hostRejection(engine.up(NAME, UPDATE));
    assert.match(error.message, /ActivatedMailing 4727: activate failed: .*ECONNRESET/);
    assert.deepEqual(engine.state(NAME)?.outputs, created.outputs, "the old state is kept");
    assert.equal(launches().length, 1);

    const { op, outputs } = await engine.up(NAME, UPDATE);
    assert.equal(op, "update");
    assert.equal(outputs.overrideLimit, 200);
    assert.deepEqual(launches().map((l) => l.runParams.override_limit), [100, 200]);
  });

  it("update: the new run was launched but every answer was lost → the old state stays; the next up does not launch it again", async () => {
    await engine.up(NAME, CREATE);
    stack.proxy!.dropResponses({ pathIncludes: "campaigns/activate", times: ATTEMPTS });
    await hostRejection(engine.up(NAME, UPDATE));
    assert.equal(engine.state(NAME)?.outputs.overrideLimit, 100);
    assert.equal(launches().length, 2);

    const { outputs } = await engine.up(NAME, UPDATE);
    assert.equal(outputs.overrideLimit, 200);
    assert.deepEqual(launches().map((l) => l.runParams.override_limit), [100, 200], "the lost run is replayed, not launched again");
  });

  it("delete: deactivation failed on every attempt → the resource stays in state; the next destroy deactivates once", async () => {
    await engine.up(NAME, CREATE);
    stack.emulator.faults.add({ endpoint: "deactivate", times: ATTEMPTS, fault: { type: "status", status: 504 } });
    const error = await hostRejection(engine.destroy(NAME));
    assert.match(error.message, /ActivatedMailing 4727: deactivate failed: campaigns\/deactivate: HTTP 504/);
    assert.equal(engine.state(NAME)?.id, "4727", "still in state: nothing is lost");
    assert.equal(stack.emulator.mailing(MAILING)?.isActive, true);

    await engine.destroy(NAME);
    assert.equal(engine.state(NAME), undefined);
    assert.equal(stack.emulator.mailing(MAILING)?.isActive, false);
    assert.equal(stack.executionsOf("deactivate"), 1);
  });

  it("refresh: the status was unreadable on every attempt → a clear error and the state is unchanged", async () => {
    const created = await engine.up(NAME, CREATE);
    stack.emulator.faults.add({ endpoint: "get", times: ATTEMPTS, fault: { type: "rateLimited", retryAfterSeconds: 0 } });
    const error = await hostRejection(engine.refresh(NAME));
    assert.match(error.message, /ActivatedMailing 4727: read failed: campaigns\/get: HTTP 429/);
    assert.deepEqual(engine.state(NAME)?.outputs, created.outputs);
  });

  it("create: every attempt hung → each attempt gives up after timeoutMs, and nothing is recorded", async () => {
    stack.emulator.faults.add({ endpoint: "activate", times: ATTEMPTS, fault: { type: "hang" } });
    const error = await hostRejection(engine.up(NAME, CREATE));
    assert.match(error.message, new RegExp(`activate failed: campaigns/activate/: no complete response within ${MATRIX_TIMEOUT_MS} ms`));
    assert.equal(engine.state(NAME), undefined);
    assert.equal(stack.requestsTo("activate"), ATTEMPTS);
    assert.equal(launches().length, 0);
  });

  it("the host survived: alive, and no uncaught error on its stderr", () => {
    assertHostHealthy(stack.host);
  });
});
