import { strict as assert } from "node:assert";
import { ERROR_CODES } from "../../sdk/codes";
import { DEFAULT_DEDUP_WINDOW_MS, startEmulator, type Emulator } from "../../emulator";
import { callJson, rawRequest, startSeeded, type ManualClock } from "./helpers";

/** Issue 14: the emulator models what the docs say, and keeps configurable what they leave open. */
describe("emulator fidelity options (issue 14)", () => {
  let emulator: Emulator;
  let clock: ManualClock;
  afterEach(() => emulator.close());

  describe("duplicate markers", () => {
    it("default: Duplicate-Request / Duplicate-Key (current docs), each once", async () => {
      ({ emulator } = await startSeeded());
      await callJson(emulator, "activate", { id: 82 }, { requestId: "d" });
      const repeat = await callJson(emulator, "activate", { id: 82 }, { requestId: "d" });
      assert.equal(repeat.headers["duplicate-request"], "true");
      assert.match(String(repeat.headers["duplicate-key"]), /^[0-9a-f]{64}$/);
      assert.equal(repeat.headers["x-duplicate-request"], undefined);
    });

    it('duplicateHeaderStyle "legacy": X-Duplicate-Request / X-Duplicate-Key (older doc revisions)', async () => {
      ({ emulator } = await startSeeded({ duplicateHeaderStyle: "legacy" }));
      await callJson(emulator, "activate", { id: 82 }, { requestId: "d" });
      const repeat = await callJson(emulator, "activate", { id: 82 }, { requestId: "d" });
      assert.equal(repeat.headers["x-duplicate-request"], "true");
      assert.match(String(repeat.headers["x-duplicate-key"]), /^[0-9a-f]{64}$/);
      assert.equal(repeat.headers["duplicate-request"], undefined);
    });

    it("duplicateHeaderRepeated: each marker arrives twice, read as `true, true`", async () => {
      ({ emulator } = await startSeeded({ duplicateHeaderRepeated: true }));
      await callJson(emulator, "activate", { id: 82 }, { requestId: "d" });
      const repeat = await callJson(emulator, "activate", { id: 82 }, { requestId: "d" });
      assert.equal(repeat.headers["duplicate-request"], "true, true");
      const key = String(repeat.headers["duplicate-key"]).split(", ");
      assert.equal(key.length, 2);
      assert.equal(key[0], key[1]);
      const fetched = await fetch(`${emulator.url}/api/v1.1/campaigns/activate/`, {
        method: "POST",
        headers: { "content-type": "application/json", "request-id": "d" },
        body: JSON.stringify({ token: "emulator-token", id: 82 }),
      });
      assert.equal(fetched.headers.get("duplicate-request"), "true, true", "what a fetch-based client sees");
      await fetched.text();
    });

    it("rejects an unknown style by name", async () => {
      await assert.rejects(startEmulator({ duplicateHeaderStyle: "x" as never }), /duplicateHeaderStyle must be "current"/);
      ({ emulator } = await startSeeded());
    });
  });

  describe("Request-ID header names", () => {
    it("default: only Request-ID (current docs); X-Request-ID is an ordinary header", async () => {
      ({ emulator } = await startSeeded());
      await callJson(emulator, "activate", { id: 82, run_now: true }, { headers: { "x-request-id": "x1" } });
      const again = await callJson(emulator, "activate", { id: 82, run_now: true, override_limit: 5 }, { headers: { "x-request-id": "x1" } });
      assert.equal(again.headers["duplicate-request"], undefined);
      assert.equal(emulator.launches(82).length, 2);
      assert.equal(emulator.requests[0]?.requestId, undefined);
    });

    it('requestIdHeaders ["X-Request-ID"]: the older revisions\' header de-duplicates, Request-ID does not', async () => {
      ({ emulator } = await startSeeded({ requestIdHeaders: ["X-Request-ID"] }));
      await callJson(emulator, "activate", { id: 82, run_now: true }, { headers: { "x-request-id": "x1" } });
      const again = await callJson(emulator, "activate", { id: 82, run_now: true, override_limit: 5 }, { headers: { "x-request-id": "x1" } });
      assert.equal(again.headers["duplicate-request"], "true");
      assert.equal(emulator.requests[0]?.requestId, "x1");
      await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "r1" });
      const plain = await callJson(emulator, "activate", { id: 82, run_now: true, override_limit: 2 }, { requestId: "r1" });
      assert.equal(plain.headers["duplicate-request"], undefined);
    });

    it("both names: the first listed that the request carries wins", async () => {
      ({ emulator } = await startSeeded({ requestIdHeaders: ["Request-ID", "X-Request-ID"] }));
      await callJson(emulator, "getStatus", { id: 82 }, { requestId: "a", headers: { "x-request-id": "b" } });
      await callJson(emulator, "getStatus", { id: 82 }, { headers: { "x-request-id": "c" } });
      assert.deepEqual(emulator.requests.map((r) => r.requestId), ["a", "c"]);
    });

    it("rejects a bad header name by name", async () => {
      await assert.rejects(startEmulator({ requestIdHeaders: ["Request ID"] }), /requestIdHeaders must be a non-empty array of header names/);
      await assert.rejects(startEmulator({ requestIdHeaders: [] }), /requestIdHeaders/);
      ({ emulator } = await startSeeded());
    });
  });

  describe("replayed failures", () => {
    it("an API refusal (envelope fault, e.g. 403 for a missing role) is replayed under its Request-ID, then a fresh id runs once", async () => {
      ({ emulator } = await startSeeded());
      emulator.faults.add({ endpoint: "activate", fault: { type: "envelope", error: ERROR_CODES.forbidden, errorText: "Access denied: role" } });
      const refused = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "launch-1" });
      assert.equal(refused.envelope.error, ERROR_CODES.forbidden);
      assert.equal(refused.status, 200);
      const replayed = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "launch-1" });
      assert.equal(replayed.envelope.error, ERROR_CODES.forbidden, "the role was fixed, but the old answer comes back");
      assert.equal(replayed.headers["duplicate-request"], "true");
      assert.equal(emulator.launches(82).length, 0);
      const fresh = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "launch-2" });
      assert.equal(fresh.envelope.error, 0);
      assert.equal(emulator.launches(82).length, 1);
    });

    it("replayFailures: false evaluates the repeat again", async () => {
      ({ emulator } = await startSeeded({ replayFailures: false }));
      emulator.faults.add({ endpoint: "activate", fault: { type: "envelope", error: ERROR_CODES.forbidden } });
      await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "launch-1" });
      const retried = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "launch-1" });
      assert.equal(retried.envelope.error, 0);
      assert.equal(emulator.launches(82).length, 1);
    });

    it("validates envelope faults by field", async () => {
      ({ emulator } = await startSeeded());
      assert.throws(() => emulator.faults.add({ fault: { type: "envelope", error: 0 } }), /error must be a positive integer/);
      assert.throws(() => emulator.faults.add({ fault: { type: "envelope", error: 403, status: 99 } }), /status must be an HTTP status/);
    });
  });

  describe("not-found code", () => {
    it("default 404 (ERROR_CODES.notFound); notFoundError changes it on every endpoint that names a mailing", async () => {
      ({ emulator } = await startSeeded());
      assert.equal((await callJson(emulator, "getStatus", { id: 999 })).envelope.error, ERROR_CODES.notFound);
      await emulator.close();
      ({ emulator } = await startSeeded({ notFoundError: 400 }));
      for (const endpoint of ["activate", "deactivate", "getStatus", "get", "log", "clone", "delete"] as const) {
        const res = await callJson(emulator, endpoint, { id: 999 });
        assert.equal(res.envelope.error, 400, endpoint);
        assert.match(res.envelope.error_text, /Mailing 999 not found/);
      }
    });

    it("rejects a code that is not a positive integer", async () => {
      await assert.rejects(startEmulator({ notFoundError: 0 }), /notFoundError must be a positive integer/);
      ({ emulator } = await startSeeded());
    });
  });

  describe("the injectable clock", () => {
    it("advanceClock passes the 24-hour window without waiting (with the real clock, too)", async () => {
      emulator = await startEmulator({ mailings: [{ id: 82 }] });
      await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "day-1" });
      const before = emulator.now();
      emulator.advanceClock(DEFAULT_DEDUP_WINDOW_MS - 1000);
      const inside = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "day-1" });
      emulator.advanceClock(1000);
      const outside = await callJson(emulator, "activate", { id: 82, run_now: true }, { requestId: "day-1" });
      assert.equal(inside.headers["duplicate-request"], "true");
      assert.equal(outside.headers["duplicate-request"], undefined);
      assert.equal(emulator.launches(82).length, 2);
      assert.ok(emulator.now() - before >= DEFAULT_DEDUP_WINDOW_MS);
      assert.ok((emulator.launches(82)[1]?.at ?? 0) - (emulator.launches(82)[0]?.at ?? 0) >= DEFAULT_DEDUP_WINDOW_MS, "timestamps follow the clock");
      assert.throws(() => emulator.advanceClock(-1), /ms must be a non-negative number/);
    });

    it("adds to an injected clock, and the admin API moves it too", async () => {
      ({ emulator, clock } = await startSeeded());
      clock.advance(10);
      emulator.advanceClock(5);
      assert.equal(emulator.now(), clock.time + 5);
      const moved = await rawRequest(emulator, { path: "/__emulator/clock", headers: { "content-type": "application/json" }, body: '{"advanceMs":1000}' });
      assert.deepEqual(JSON.parse(moved.text), { now: clock.time + 1005 });
      const read = await rawRequest(emulator, { method: "GET", path: "/__emulator/clock" });
      assert.deepEqual(JSON.parse(read.text), { now: clock.time + 1005 });
      const bad = await rawRequest(emulator, { path: "/__emulator/clock", headers: { "content-type": "application/json" }, body: '{"advanceMs":-5}' });
      assert.equal(bad.status, 400);
      assert.match(JSON.parse(bad.text).error, /advanceMs must be a non-negative number/);
    });
  });

  describe("campaigns/list paging (gone-detection reads from_id=<id> limit=1)", () => {
    it("answers the mailing itself when it exists, the next one when it is gone, and an empty page past the end", async () => {
      ({ emulator } = await startSeeded());
      const present = await callJson(emulator, "list", { from_id: 82, limit: 1 });
      assert.deepEqual((present.envelope.data as { id: number }[]).map((m) => m.id), [82]);
      assert.equal(present.envelope["next_from_id"], 4727);
      emulator.removeMailing(82);
      const gone = await callJson(emulator, "list", { from_id: 82, limit: 1 });
      assert.deepEqual((gone.envelope.data as { id: number }[]).map((m) => m.id), [4727], "the next id, never 82");
      assert.equal(gone.envelope["next_from_id"], 0);
      emulator.removeMailing(4727);
      const past = await callJson(emulator, "list", { from_id: 82, limit: 1 });
      assert.deepEqual(past.envelope.data, []);
      assert.equal(past.envelope["next_from_id"], 0);
      assert.equal(past.envelope["total_count"], 1, "total_count counts every match, not only from from_id");
    });

    it("pages through everything with from_id/limit, each mailing once", async () => {
      ({ emulator } = await startSeeded({ mailings: Array.from({ length: 7 }, (_, i) => ({ id: (i + 1) * 3 })) }));
      const seen: number[] = [];
      let fromId = 1;
      for (let page = 0; page < 10; page++) {
        const res = await callJson(emulator, "list", { from_id: fromId, limit: 2 });
        seen.push(...(res.envelope.data as { id: number }[]).map((m) => m.id));
        fromId = res.envelope["next_from_id"] as number;
        if (fromId === 0) break;
      }
      assert.deepEqual(seen, [3, 6, 9, 12, 15, 18, 21]);
    });
  });

  describe("a pause made in the Altcraft UI", () => {
    it("pauseMailing sets the mailing inactive without any request, execution, launch or log entry", async () => {
      ({ emulator, clock } = await startSeeded());
      const before = emulator.mailing(4727);
      assert.equal(before?.isActive, true);
      clock.advance(60_000);
      emulator.pauseMailing(4727);
      const after = emulator.mailing(4727);
      assert.equal(after?.isActive, false);
      assert.equal(after?.status, "Inactive");
      assert.equal(after?.name, before?.name);
      assert.deepEqual(after?.log, before?.log);
      assert.equal(after?.updateTime, new Date(clock.time).toISOString());
      assert.equal(emulator.requests.length + emulator.executions.length + emulator.launches().length, 0);
      const status = await callJson(emulator, "getStatus", { id: 4727 });
      assert.deepEqual(status.envelope.data, { is_active: false, is_completed: false, status: "Inactive" }, "the API sees the pause");
      assert.throws(() => emulator.pauseMailing(999), /mailing 999 does not exist/);
    });

    it("POST /__emulator/mailings/<id>/pause does the same; 404 for an unknown id", async () => {
      ({ emulator } = await startSeeded());
      const json = { "content-type": "application/json" };
      const paused = await rawRequest(emulator, { path: "/__emulator/mailings/4727/pause", headers: json, body: "{}" });
      assert.equal(paused.status, 200);
      assert.equal((JSON.parse(paused.text) as { mailing: { isActive: boolean } }).mailing.isActive, false);
      assert.equal(emulator.mailing(4727)?.isActive, false);
      assert.equal((await rawRequest(emulator, { path: "/__emulator/mailings/999/pause", headers: json, body: "{}" })).status, 404);
      assert.equal((await rawRequest(emulator, { method: "GET", path: "/__emulator/mailings/4727/pause" })).status, 405);
      assert.equal(emulator.requests.length, 0);
    });
  });
});
