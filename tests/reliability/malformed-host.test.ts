import assert from "node:assert/strict";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../../sdk";
import { MATRIX_RETRY_BASE_MS, MATRIX_TIMEOUT_MS } from "./support/fault-matrix";
import { assertHostHealthy } from "./support/host-health";
import { MALFORMED_CLASSES, generateMalformedCases, hostSample, jsonEnvelope } from "./support/malformed-bodies";
import { startProviderStack, type ProviderStack } from "./support/provider-stack";
import { hostRejection } from "../harness/hostRejection";

const TOKEN = "malformed-host-token-2b9c";
const MAILING = 82;
const NAME = "digest";


/**
 * A sample of the generated broken bodies through the real host (the bulk runs through the client): each fails the
 * operation with a clear "invalid response" error after one request, the state is unchanged, the host survives.
 * Every body is served to `campaigns/get`, the provider's one read (check and refresh); `get_status` is no longer
 * called, and a body broken for it is broken for `campaigns/get` too (it lacks the mailing's id and name besides).
 */
describe("reliability: malformed responses through the real provider host", function () {
  this.timeout(60_000);
  const picked = hostSample(generateMalformedCases());
  let stack: ProviderStack;

  before(async () => {
    stack = await startProviderStack({
      token: TOKEN,
      emulator: { mailings: [{ id: MAILING, name: "Weekly digest" }] },
      config: { timeoutMs: String(MATRIX_TIMEOUT_MS), retryBaseMs: String(MATRIX_RETRY_BASE_MS) },
    });
  });
  after(async () => stack?.close());

  it("samples every class that can be served as text", () => {
    const classes = new Set(picked.map((c) => c.class));
    for (const cls of MALFORMED_CLASSES) {
      if (cls === "huge body" || cls === "broken HTTP exchange") continue;
      assert.ok(classes.has(cls), `no sample of ${cls}`);
    }
    assert.ok(picked.length >= 40, `only ${picked.length} samples`);
  });

  for (const testCase of picked) {
    it(`refresh's campaigns/get answered with ${testCase.id}: a clear error after one request, state unchanged`, async () => {
      stack.emulator.reset();
      const engine = stack.engine();
      await engine.up(NAME, { mailingId: MAILING });
      const stateBefore = engine.state(NAME);
      const requestsBefore = stack.requestsTo("get");
      const contentType = testCase.reply.headers["Content-Type"];
      stack.emulator.faults.add({
        endpoint: "get",
        fault: { type: "malformed", body: testCase.reply.body.toString("utf8"), ...(contentType ? { contentType } : {}) },
      });
      const error = await hostRejection(engine.refresh(NAME));
      assert.match(error.message, new RegExp(`^ActivatedMailing ${MAILING}: read failed: campaigns/get: invalid response \\(HTTP 200\\): `));
      assert.equal(stack.requestsTo("get") - requestsBefore, 1, "an invalid body is not retried");
      assert.deepEqual(engine.state(NAME), stateBefore);
    });
  }

  it(`a response above the ${DEFAULT_MAX_RESPONSE_BYTES}-byte cap is refused`, async () => {
    stack.emulator.reset();
    const engine = stack.engine();
    await engine.up(NAME, { mailingId: MAILING });
    const body = jsonEnvelope({ id: MAILING, name: "A".repeat(DEFAULT_MAX_RESPONSE_BYTES), is_active: true, is_completed: false });
    stack.emulator.faults.add({ endpoint: "get", fault: { type: "malformed", body } });
    const error = await hostRejection(engine.refresh(NAME));
    assert.match(error.message, new RegExp(`read failed: campaigns/get: invalid response .*larger than maxResponseBytes \\(${DEFAULT_MAX_RESPONSE_BYTES} bytes\\)`));
  });

  const afterExecution = ["truncated JSON", "truncated XML", "HTML error page", "binary garbage"].map((cls) => picked.filter((c) => c.class === cls).at(-1)!);
  for (const testCase of afterExecution) {
    it(`activation executed, then answered with ${testCase.id}: not recorded; the next up launches nothing twice`, async () => {
      stack.emulator.reset();
      const engine = stack.engine();
      stack.emulator.faults.add({ endpoint: "activate", phase: "after", fault: { type: "malformed", body: testCase.reply.body.toString("utf8") } });
      const error = await hostRejection(engine.up(NAME, { mailingId: MAILING, runNow: true }));
      assert.match(error.message, /^ActivatedMailing 82: activate failed: campaigns\/activate\/: invalid response \(HTTP 200\)/);
      assert.equal(engine.state(NAME), undefined, "an unknown outcome is not recorded as created");
      assert.equal(stack.emulator.launches(MAILING).length, 1);

      const { outputs } = await engine.up(NAME, { mailingId: MAILING, runNow: true });
      assert.equal(outputs.isActive, true);
      assert.equal(stack.emulator.launches(MAILING).length, 1, "the re-run is answered from the de-duplication cache");
      assert.equal(outputs.runLaunched, false, "this up launched nothing");
    });
  }

  it("the host survived every body", () => assertHostHealthy(stack.host));
});
