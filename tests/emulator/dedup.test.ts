import { strict as assert } from "node:assert";
import { DEDUP_HEADERS, ERROR_CODES } from "../../sdk/codes";
import { startEmulator, type Emulator } from "../../emulator";
import { callJson, ManualClock, startSeeded } from "./helpers";

const DUPLICATE = DEDUP_HEADERS.duplicate.toLowerCase();
const DUPLICATE_KEY = DEDUP_HEADERS.duplicateKey.toLowerCase();

describe("emulator request de-duplication", () => {
  let emulator: Emulator;
  let clock: ManualClock;
  beforeEach(async () => ({ emulator, clock } = await startSeeded({ dedupWindowMs: 60_000 })));
  afterEach(() => emulator.close());

  it("replays the original response for a repeated Request-ID and does not execute again", async () => {
    const first = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "op-1" });
    await callJson(emulator, "deactivate", { id: 82 }, { requestId: "op-2" });
    const repeat = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "op-1" });

    assert.equal(first.headers[DUPLICATE], undefined);
    assert.equal(repeat.status, first.status);
    assert.equal(repeat.text, first.text);
    assert.equal(repeat.headers[DUPLICATE], "true");
    assert.match(String(repeat.headers[DUPLICATE_KEY]), /^[0-9a-f]{64}$/);
    assert.equal(emulator.launches(82).length, 1);
    assert.equal(emulator.executions.filter((e) => e.endpoint === "activate").length, 1);
    assert.equal(emulator.mailing(82)?.isActive, false, "the replay did not re-activate");
    assert.equal(emulator.requests.length, 3, "the replay is still recorded as a request");
  });

  it("executes again under a new Request-ID", async () => {
    await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "launch-1" });
    const second = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "launch-2" });
    assert.equal(second.headers[DUPLICATE], undefined);
    assert.equal(emulator.launches(82).length, 2);
  });

  it("keys a Request-ID together with the token", async () => {
    await emulator.close();
    emulator = await startEmulator({ tokens: ["token-a", "token-b"], mailings: [{ id: 82 }] });
    await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "same", token: "token-a" });
    const other = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "same", token: "token-b" });
    assert.equal(other.headers[DUPLICATE], undefined);
    assert.equal(emulator.launches(82).length, 2);
  });

  it("keys on Request-ID only, not the path: a reused id replays another call's response", async () => {
    const activate = await callJson(emulator, "activate", { id: 82 }, { requestId: "reused" });
    const status = await callJson(emulator, "getStatus", { id: 82 }, { requestId: "reused" });
    assert.equal(status.headers[DUPLICATE], "true");
    assert.equal(status.text, activate.text);
  });

  it("without Request-ID, de-duplicates mutating calls by checksum of path and body", async () => {
    await callJson(emulator, "activate", { id: 82, run_now: true });
    const same = await callJson(emulator, "activate", { id: 82, run_now: true });
    const changed = await callJson(emulator, "activate", { run_now: true, id: 82 });
    assert.equal(same.headers[DUPLICATE], "true");
    assert.equal(changed.headers[DUPLICATE], undefined, "a different body is a different request");
    assert.equal(emulator.launches(82).length, 2);
  });

  it("never de-duplicates reads without Request-ID", async () => {
    await callJson(emulator, "getStatus", { id: 82 });
    const again = await callJson(emulator, "getStatus", { id: 82 });
    assert.equal(again.headers[DUPLICATE], undefined);
    assert.equal(emulator.executions.length, 2);
  });

  it("forgets a Request-ID once the window has passed (injected clock)", async () => {
    await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "w" });
    clock.advance(59_999);
    const inside = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "w" });
    clock.advance(1);
    const outside = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "w" });
    assert.equal(inside.headers[DUPLICATE], "true");
    assert.equal(outside.headers[DUPLICATE], undefined);
    assert.equal(emulator.launches(82).length, 2);
  });

  it("replays failures by default, as the docs make no exception for them", async () => {
    const missing = await callJson(emulator, "activate", { id: 999 }, { requestId: "f" });
    assert.equal(missing.envelope.error, ERROR_CODES.notFound);
    emulator.setMailing({ id: 999 });
    const repeat = await callJson(emulator, "activate", { id: 999 }, { requestId: "f" });
    assert.equal(repeat.envelope.error, ERROR_CODES.notFound, "the old failure comes back");
    assert.equal(repeat.headers[DUPLICATE], "true");
    assert.equal(emulator.mailing(999)?.isActive, false, "nothing ran");
    const fresh = await callJson(emulator, "activate", { id: 999 }, { requestId: "f-2" });
    assert.equal(fresh.envelope.error, 0, "a fresh Request-ID is evaluated again");
    assert.equal(emulator.mailing(999)?.isActive, true);
  });

  it("with replayFailures: false, a repeat of a failed call is evaluated again", async () => {
    await emulator.close();
    ({ emulator, clock } = await startSeeded({ dedupWindowMs: 60_000, replayFailures: false }));
    const missing = await callJson(emulator, "activate", { id: 999 }, { requestId: "f" });
    assert.equal(missing.envelope.error, ERROR_CODES.notFound);
    emulator.setMailing({ id: 999 });
    const retried = await callJson(emulator, "activate", { id: 999 }, { requestId: "f" });
    assert.equal(retried.envelope.error, 0);
    assert.equal(retried.headers[DUPLICATE], undefined);
    assert.equal(emulator.mailing(999)?.isActive, true);
  });

  it("executes concurrent duplicates once: later ones wait for the first and get its response", async () => {
    emulator.faults.add({ endpoint: "activate", fault: { type: "delay", ms: 30 } });
    const calls = await Promise.all(
      Array.from({ length: 5 }, () => callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "concurrent" })),
    );
    assert.equal(emulator.launches(82).length, 1);
    assert.equal(emulator.executions.length, 1);
    assert.equal(calls.filter((c) => c.headers[DUPLICATE] === "true").length, 4);
    assert.ok(calls.every((c) => c.text === calls[0]?.text));
  });

  it("after an executed call whose connection was reset, the retry is answered from the cache", async () => {
    emulator.faults.add({ endpoint: "activate", phase: "after", fault: { type: "reset" } });
    await assert.rejects(callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "retry-me" }));
    const retry = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "retry-me" });
    assert.equal(retry.envelope.error, 0);
    assert.equal(retry.headers[DUPLICATE], "true");
    assert.equal(emulator.launches(82).length, 1);
  });

  it("reset() clears the cache", async () => {
    await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "x" });
    emulator.reset();
    const again = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "x" });
    assert.equal(again.headers[DUPLICATE], undefined);
    assert.equal(emulator.launches(82).length, 1, "records were cleared, then one new launch");
  });
});
