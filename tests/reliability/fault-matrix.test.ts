import assert from "node:assert/strict";
import type { Emulator } from "../../emulator";
import type { TestEngine } from "../harness/engine";
import { MATRIX_RETRY_BASE_MS, MATRIX_TIMEOUT_MS, faultMatrix, matrixRow, type MatrixOperation } from "./support/fault-matrix";
import { assertHostHealthy } from "./support/host-health";
import { startProviderStack, type ProviderStack } from "./support/provider-stack";

const TOKEN = "fault-matrix-token-0b7e42";
const MAILING = 4727;
const NAME = "alert";
const CREATE = { mailingId: MAILING, runNow: true, overrideLimit: 100 };
const UPDATE = { ...CREATE, overrideLimit: 200 };

/** How each matrix operation is set up, driven and checked. */
interface OperationDriver {
  prepare(engine: TestEngine, emulator: Emulator): Promise<void>;
  run(engine: TestEngine): Promise<void>;
  verify(engine: TestEngine, emulator: Emulator): void;
}

const DRIVERS: Record<MatrixOperation["name"], OperationDriver> = {
  "activate (create)": {
    prepare: async () => {},
    run: async (engine) => assert.equal((await engine.up(NAME, CREATE)).op, "create"),
    verify: (engine, emulator) => {
      assert.equal(engine.state(NAME)?.outputs.isActive, true);
      assert.equal(emulator.mailing(MAILING)?.isActive, true);
    },
  },
  "activate (update)": {
    prepare: async (engine) => void (await engine.up(NAME, CREATE)),
    run: async (engine) => assert.equal((await engine.up(NAME, UPDATE)).op, "update"),
    verify: (engine, emulator) => {
      assert.equal(engine.state(NAME)?.outputs.overrideLimit, 200);
      assert.equal(emulator.launches(MAILING).at(-1)?.runParams.override_limit, 200);
    },
  },
  "deactivate (delete)": {
    prepare: async (engine) => void (await engine.up(NAME, CREATE)),
    run: (engine) => engine.destroy(NAME),
    verify: (engine, emulator) => {
      assert.equal(engine.state(NAME), undefined);
      assert.equal(emulator.mailing(MAILING)?.isActive, false);
    },
  },
  "read (refresh)": {
    // Drift made in the UI, so the refresh must really have read the status to pass.
    prepare: async (engine, emulator) => {
      await engine.up(NAME, CREATE);
      emulator.setMailing({ ...emulator.mailing(MAILING)!, isActive: false });
    },
    run: async (engine) => assert.equal((await engine.refresh(NAME)).gone, false),
    verify: (engine) => assert.equal(engine.state(NAME)?.outputs.isActive, false),
  },
  "read (check before create)": {
    prepare: async () => {},
    run: async (engine) => assert.equal((await engine.up(NAME, CREATE)).op, "create"),
    verify: (engine, emulator) => {
      assert.equal(engine.state(NAME)?.outputs.name, "Weather alert");
      assert.equal(engine.state(NAME)?.outputs.type, "broadcast");
      assert.equal(emulator.mailing(MAILING)?.isActive, true);
    },
  },
};

/**
 * Every provider operation under every transient fault, alone and in sequences, with the last fault hitting before
 * or after the emulator executed the call: the operation succeeds within the retry budget, and the emulator
 * records exactly one execution (and, for runNow activations, exactly one launch).
 */
describe("reliability: transient fault matrix through the real provider host", function () {
  this.timeout(120_000);
  const cases = faultMatrix();
  const totals = { cases: 0, executions: 0, launches: 0, requests: 0 };
  const rows = new Map<string, typeof totals>();
  let stack: ProviderStack;

  before(async () => {
    stack = await startProviderStack({
      token: TOKEN,
      emulator: { mailings: [{ id: MAILING, name: "Weather alert", type: "broadcast" }] },
      config: { timeoutMs: String(MATRIX_TIMEOUT_MS), retryBaseMs: String(MATRIX_RETRY_BASE_MS) },
    });
  });

  after(async () => stack?.close());

  for (const testCase of cases) {
    it(testCase.title, async () => {
      const { emulator } = stack;
      const { endpoint } = testCase.operation;
      const driver = DRIVERS[testCase.operation.name];
      emulator.reset();
      const engine = stack.engine();
      await driver.prepare(engine, emulator);
      const before = {
        requests: stack.requestsTo(endpoint, MAILING),
        executions: stack.executionsOf(endpoint, MAILING),
        launches: emulator.launches(MAILING).length,
        stdout: stack.mark(),
      };
      const last = testCase.steps.length - 1;
      testCase.steps.forEach((step, i) =>
        emulator.faults.add({ endpoint, mailingId: MAILING, times: 1, phase: i === last ? testCase.lastPhase : "before", fault: step.fault }),
      );

      await driver.run(engine);

      assert.deepEqual(emulator.faults.list(), [], "every scripted fault fired");
      const executions = stack.executionsOf(endpoint, MAILING) - before.executions;
      const launches = emulator.launches(MAILING).length - before.launches;
      const requests = stack.requestsTo(endpoint, MAILING) - before.requests;
      assert.equal(executions, 1, "exactly one execution");
      assert.equal(launches, testCase.operation.launches, "one launch per runNow activation, none otherwise");
      const [min, max] = testCase.attempts;
      assert.ok(requests >= min && requests <= max, `attempts ${requests} not within [${min}, ${max}]`);
      driver.verify(engine, emulator);
      if (testCase.operation.launches === 1) {
        assert.equal(engine.state(NAME)?.outputs.runLaunched, true, "state says the run went out");
        assert.doesNotMatch(stack.stdoutSince(before.stdout), /warning/, "no warning that the launch was swallowed");
      }
      if (testCase.steps.some((s) => s.fault.type === "rateLimited" && s.fault.retryAfterSeconds === 1)) {
        assert.match(stack.stdoutSince(before.stdout), /HTTP 429.* in 1000 ms/, "the server's Retry-After is honoured");
      }
      const row = rows.get(matrixRow(testCase)) ?? { cases: 0, executions: 0, launches: 0, requests: 0 };
      rows.set(matrixRow(testCase), row);
      for (const tally of [totals, row]) {
        tally.cases += 1;
        tally.executions += executions;
        tally.launches += launches;
        tally.requests += requests;
      }
    });
  }

  it("ran every case with one execution each, and the host survived", () => {
    assert.equal(totals.cases, cases.length);
    assert.equal(totals.executions, cases.length);
    assert.equal(totals.launches, cases.filter((c) => c.operation.launches === 1).length);
    assertHostHealthy(stack.host);
    if (process.env.RELIABILITY_REPORT) {
      for (const [row, tally] of rows) console.log(`  ${row}: ${JSON.stringify(tally)}`);
      console.log(`  fault matrix: ${JSON.stringify(totals)}`);
    }
  });
});
