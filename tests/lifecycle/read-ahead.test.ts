/**
 * The read-ahead hint. Pulumi makes Check calls one at a time (deployment_executor.go `handleSingleEvent` →
 * `GenerateSteps`, inline), and the Check of a new mailing must wait for its read (it alone can refuse an unknown
 * mailing in a preview). Every 16th registration of a program's batch carries the ids of the Checks to come, so
 * their reads are under way before the engine sends them. What must hold: each mailing is still read once, a preview
 * still writes nothing and still refuses an unknown mailing, the hint never reaches state, and a hint that is not
 * ours changes nothing.
 */
import assert from "node:assert/strict";
import type { Emulator } from "../../emulator";
import { serializeProvider } from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { activatedMailingProvider } from "../../provider/provider";
import { check, configure } from "../../provider/lifecycle";
import { DECLARED_MAILINGS_HINT, HINT_REACH, HINT_STRIDE, MAX_HINT_IDS, declaredMailingHints, hintedMailingIds } from "../../provider/declared-hint";
import { callsSince, declaredTogether, launchLines, mailing, mailingStack, startScenarioEmulator, TOKEN } from "./support/mailing-stack";

const FIRST = 5_000;
const COUNT = 40;
const ids = Array.from({ length: COUNT }, (_, i) => FIRST + i);

describe("read-ahead hint: the hints a program's batch carries", () => {
  it("every 16th registration carries the known ids of itself and the next 31, once each; the others carry none", () => {
    const hints = declaredMailingHints(ids);
    hints.forEach((hint, index) => {
      if (index % HINT_STRIDE !== 0) assert.equal(hint, "", `registration ${index}`);
      else assert.deepEqual(hintedMailingIds(hint), ids.slice(index, index + HINT_REACH), `registration ${index}`);
    });
    const carried = hints.reduce((sum, hint) => sum + hintedMailingIds(hint).length, 0);
    assert.ok(carried <= 2 * ids.length, `linear in the stack size: ${carried} ids for ${ids.length} mailings`);
  });

  it("skips ids not known yet and repeats, and a batch of unknown ids carries nothing", () => {
    assert.deepEqual(declaredMailingHints([undefined, 7, 7, 8])[0], "7,8");
    assert.deepEqual(declaredMailingHints([undefined, undefined]), ["", ""]);
  });

  it("reads only positive safe integers from a hint, and nothing from one that is not a list or is too long", () => {
    assert.deepEqual(hintedMailingIds("1,x,-3,4.5,0,01,99999999999999999,6"), [1, 6]);
    assert.deepEqual(hintedMailingIds([1, 2]), []);
    assert.deepEqual(hintedMailingIds(""), []);
    assert.deepEqual(hintedMailingIds(Array.from({ length: MAX_HINT_IDS + 1 }, (_, i) => i + 1).join(",")), []);
  });
});

describe("read-ahead hint through the provider host", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let host: ProviderHost | undefined;
  beforeEach(async () => {
    // Each read takes 100 ms, so the reads sent together with the first Check's have all arrived when it returns.
    emulator = await startScenarioEmulator({ mailings: ids.map((id) => ({ id, name: `Mailing ${id}` })), latencyMs: 100 });
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await emulator.close();
  });

  it("the first Check starts the reads of the Checks to come; those Checks then read nothing more", async () => {
    host = await startProviderHost({ project: "mailings" });
    await host.configure({ "altcraft:baseUrl": emulator.url, "altcraft:token": TOKEN, "altcraft:maxConcurrency": "8" }, ["altcraft:token"]);
    const providerText = await serializeProvider(activatedMailingProvider);
    const registrations = declaredTogether(ids.slice(0, 3).map((id) => mailing(`m-${id}`, { mailingId: id })));
    const news = registrations.map((r) => ({ ...r.inputs, __provider: providerText }));
    const first = await host.check({}, news[0]!);
    assert.deepEqual(first.failures, []);
    assert.equal(DECLARED_MAILINGS_HINT in first.inputs, false, "check strips the hint");
    // The first Check waited 100 ms for its own read; the other two reads were sent with it.
    assert.deepEqual(readIds(emulator, 0).sort(), ids.slice(0, 3));
    for (const checked of [await host.check({}, news[1]!), await host.check({}, news[2]!)]) assert.deepEqual(checked.failures, []);
    assert.deepEqual(readIds(emulator, 0).sort(), ids.slice(0, 3), "each mailing read once");
  });
});

describe("read-ahead hint in whole deployments", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startScenarioEmulator({ mailings: ids.map((id) => ({ id, name: `Mailing ${id}` })) });
  });
  afterEach(async () => {
    await emulator.close();
  });

  const program = (list = ids, extra: Record<string, unknown> = {}) => declaredTogether(list.map((id) => mailing(`m-${id}`, { mailingId: id, runNow: true, overrideLimit: 10, ...extra })));

  it("a preview of 40 new mailings reads each once, writes nothing, and announces each launch; up launches each once", async () => {
    const stack = await mailingStack(emulator);
    const preview = await stack.preview(program());
    assert.equal(preview.error, undefined);
    assert.deepEqual(callsSince(emulator, 0), { all: COUNT, writes: 0, activations: 0, deactivations: 0, reads: COUNT });
    assert.deepEqual(readIds(emulator, 0).sort(), [...ids].sort(), "every declared mailing read exactly once");
    assert.equal(launchLines(preview.diagnostics).length, COUNT);
    const from = emulator.requests.length;
    const up = await stack.up(program());
    assert.equal(up.error, undefined);
    assert.deepEqual(callsSince(emulator, from), { all: 2 * COUNT, writes: COUNT, activations: COUNT, deactivations: 0, reads: COUNT });
    assert.equal(launchLines(up.diagnostics).length, COUNT);
    for (const id of ids) {
      const stored = stack.resource(`m-${id}`)!;
      assert.equal(DECLARED_MAILINGS_HINT in stored.inputs, false);
      assert.equal(DECLARED_MAILINGS_HINT in stored.outputs, false);
    }
  });

  it("an update of 40 mailings reads each once (the existing resources' Checks take the reads started ahead)", async () => {
    const stack = await mailingStack(emulator);
    assert.equal((await stack.up(program())).error, undefined);
    const from = emulator.requests.length;
    const up = await stack.up(program(ids, { overrideLimit: 20, triggers: ["wave-2"] }));
    assert.equal(up.error, undefined);
    assert.deepEqual(callsSince(emulator, from), { all: 2 * COUNT, writes: COUNT, activations: COUNT, deactivations: 0, reads: COUNT });
  });

  it("an unknown mailing among the hinted ones still fails the preview, naming it, with nothing written", async () => {
    const missing = FIRST + 17;
    emulator.removeMailing(missing);
    const stack = await mailingStack(emulator);
    const preview = await stack.preview(program());
    assert.ok(preview.error);
    assert.match([preview.error!.message, ...preview.steps.map((s) => s.error ?? ""), ...preview.failures.map((f) => f.reason)].join("\n"), new RegExp(`mailing ${missing} does not exist`));
    assert.equal(callsSince(emulator, 0).writes, 0);
  });

  it("with altcraft:verifyOnPreview false the hint reads nothing: the preview makes no API call", async () => {
    const stack = await mailingStack(emulator, "dev", { "altcraft:verifyOnPreview": "false" });
    const preview = await stack.preview(program());
    assert.equal(preview.error, undefined);
    assert.equal(callsSince(emulator, 0).all, 0);
  });

  it("a hint that is not ours (too long) reads nothing ahead; each Check reads its own mailing", async () => {
    const stack = await mailingStack(emulator);
    const registrations = ids.slice(0, 3).map((id, index) =>
      mailing(`m-${id}`, { mailingId: id, ...(index === 0 ? { [DECLARED_MAILINGS_HINT]: [5001, ...Array.from({ length: MAX_HINT_IDS + 1 }, () => FIRST + 30)].join(",") } : {}) }),
    );
    const preview = await stack.preview(registrations);
    assert.equal(preview.error, undefined);
    assert.deepEqual(readIds(emulator, 0), ids.slice(0, 3));
  });
});

describe("read-ahead hint: a hint that arrives after its mailing's Check", function () {
  this.timeout(30_000);
  let emulator: Emulator;
  const X = 91_001;
  const Y = 91_002;
  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: X, name: "X" }, { id: Y, name: "Y" }] });
  });
  after(async () => emulator.close());

  // Registrations can reach the engine out of the program's order (an Output input, dependsOn): the carrier's Check
  // may come after the Check of a mailing it names. Found in review.
  it("starts no read for a mailing already checked, so a later Check of it reads afresh (and refuses a deleted one)", async () => {
    const provider = {};
    const config: Record<string, string> = { "altcraft:baseUrl": emulator.url, "altcraft:token": TOKEN };
    configure(provider, { get: (key: string) => config[key] });
    const log = console.log;
    console.log = () => undefined;
    try {
      assert.deepEqual((await check(provider, {}, { mailingId: X, runNow: false, abortIfRunning: false, declaredBy: "p/s/b" })).failures, []);
      const carrier = { mailingId: Y, runNow: false, abortIfRunning: false, declaredBy: "p/s/c", [DECLARED_MAILINGS_HINT]: `${Y},${X}` };
      assert.deepEqual((await check(provider, {}, carrier)).failures, []);
      assert.equal(readIds(emulator, 0).filter((id) => id === X).length, 1, "X read once, by its own Check");
      emulator.removeMailing(X);
      const second = await check(provider, {}, { mailingId: X, runNow: true, abortIfRunning: false, declaredBy: "p/s/d" });
      assert.equal(second.failures?.length, 1, "the second resource on the deleted mailing is refused");
      assert.match(String(second.failures?.[0]?.reason), new RegExp(`mailing ${X} does not exist`));
    } finally {
      console.log = log;
    }
  });
});

/** The mailing ids of the `campaigns/get` reads since `from`, in the order they reached the emulator. */
function readIds(emulator: Emulator, from: number): number[] {
  return emulator.requests
    .slice(from)
    .filter((r) => r.endpoint === "get")
    .map((r) => Number(r.body?.id));
}
