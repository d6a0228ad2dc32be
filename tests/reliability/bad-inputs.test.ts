import assert from "node:assert/strict";
import { CheckFailedError } from "../harness/engine";
import { INVALID_INPUTS } from "../support/invalid-inputs";
import { assertHostHealthy } from "./support/host-health";
import { startProviderStack, type ProviderStack } from "./support/provider-stack";

const TOKEN = "bad-inputs-token-51aa";

/** Every invalid input, through the real host: refused at check naming the property, and the API never called. */
describe("reliability: bad inputs through the real provider host", function () {
  this.timeout(60_000);
  let stack: ProviderStack;

  before(async () => {
    stack = await startProviderStack({ token: TOKEN, emulator: { mailings: [{ id: 1 }] } });
  });
  after(async () => stack?.close());

  it("has at least 30 cases", () => assert.ok(INVALID_INPUTS.length >= 30, `only ${INVALID_INPUTS.length}`));

  for (const testCase of INVALID_INPUTS) {
    it(`${testCase.name}: refused at check, naming ${testCase.property}`, async () => {
      const engine = stack.engine();
      await assert.rejects(engine.up("bad", testCase.news), (error: unknown) => {
        assert.ok(error instanceof CheckFailedError, `expected CheckFailedError, got ${String(error)}`);
        const failure = error.failures.find((f) => f.property === testCase.property);
        assert.ok(failure, `no failure names ${testCase.property}: ${JSON.stringify(error.failures)}`);
        assert.match(failure.reason, testCase.reason);
        assert.match(error.message, new RegExp(`${testCase.property.replace(/[[\].]/g, "\\$&")}: `));
        return true;
      });
      assert.equal(engine.state("bad"), undefined);
    });
  }

  it("none of them reached the API, and the host survived", () => {
    assert.equal(stack.emulator.requests.length, 0);
    assertHostHealthy(stack.host);
  });
});
