import { strict as assert } from "node:assert";
import { startEmulator, type Emulator } from "../../emulator";
import { callJson, rawRequest, startSeeded, TOKEN } from "./helpers";

/** A body of about `bytes` bytes: an activate whose `content` carries filler. */
function bigParams(bytes: number): Record<string, unknown> {
  return { id: 82, run_now: true, content: { filler: "x".repeat(bytes) } };
}

describe("emulator request log: bounded memory", () => {
  let emulator: Emulator;
  afterEach(() => emulator.close());

  it("keeps at most requestLogMaxEntries records, oldest dropped, and counts every request received", async () => {
    ({ emulator } = await startSeeded({ requestLogMaxEntries: 3 }));
    for (let i = 1; i <= 5; i++) await callJson(emulator, "getStatus", { id: 82 }, { requestId: `r${i}` });
    assert.deepEqual(emulator.requests.map((r) => r.requestId), ["r3", "r4", "r5"]);
    assert.equal(emulator.executions.length, 3, "executions share the cap");
    const stats = emulator.requestLogStats();
    assert.equal(stats.received, 5);
    assert.equal(stats.dropped, 2);
    assert.equal(stats.maxEntries, 3);
  });

  it("keeps the accounted bytes within requestLogMaxBytes under a stream of 0.5 MB bodies (log, executions, launches)", async () => {
    const maxBytes = 2 * 1024 * 1024;
    ({ emulator } = await startSeeded({ requestLogMaxBytes: maxBytes }));
    for (let i = 0; i < 40; i++) {
      const res = await callJson(emulator, "activate", bigParams(512 * 1024), { requestId: `big-${i}` });
      assert.equal(res.envelope.error, 0);
      assert.ok(emulator.requestLogStats().bytes <= maxBytes, `after ${i + 1} requests: ${emulator.requestLogStats().bytes} bytes`);
    }
    const stats = emulator.requestLogStats();
    assert.equal(stats.received, 40);
    assert.ok(emulator.requests.length <= 4 && emulator.requests.length >= 1, `kept ${emulator.requests.length}`);
    assert.ok(emulator.executions.length <= 4, `executions kept ${emulator.executions.length}`);
    assert.ok(emulator.launches().length <= 4, `launches kept ${emulator.launches().length}`);
    assert.equal(emulator.requests.at(-1)?.requestId, "big-39", "the newest is kept");
  });

  it("does not keep the bodies of requests without an accepted token", async () => {
    ({ emulator } = await startSeeded());
    await callJson(emulator, "activate", bigParams(512 * 1024), { token: null });
    await callJson(emulator, "activate", bigParams(512 * 1024), { token: "wrong-token" });
    assert.equal(emulator.requests.length, 2, "still recorded");
    for (const request of emulator.requests) {
      assert.equal(request.body, undefined);
      assert.equal(request.bodyOmitted, "unauthenticated");
    }
    assert.ok(emulator.requestLogStats().bytes < 4096, `accounted ${emulator.requestLogStats().bytes} bytes`);
  });

  it("records where the token went and its fingerprint, never the token", async () => {
    emulator = await startEmulator({ tokens: ["tok-alpha-123", "tok-beta-456"], mailings: [{ id: 82 }] });
    await callJson(emulator, "getStatus", { id: 82 }, { token: "tok-alpha-123" });
    await callJson(emulator, "getStatus", { id: 82 }, { token: null, headers: { authorization: "Bearer tok-beta-456" } });
    await rawRequest(emulator, { path: "/api/v1.1/campaigns/get_status?token=tok-alpha-123", headers: { "content-type": "application/json" }, body: '{"id":82}' });
    await callJson(emulator, "getStatus", { id: 82 }, { token: null, headers: { "x-api-key": "tok-beta-456" } });
    const [body, header, query, none] = emulator.requests;
    assert.deepEqual([body?.tokenIn, header?.tokenIn, query?.tokenIn, none?.tokenIn], ["body", "header", "query", undefined]);
    assert.equal(body?.tokenFingerprint, emulator.tokenFingerprint("tok-alpha-123"));
    assert.equal(header?.tokenFingerprint, emulator.tokenFingerprint("tok-beta-456"));
    assert.equal(query?.tokenFingerprint, body?.tokenFingerprint);
    assert.notEqual(body?.tokenFingerprint, header?.tokenFingerprint);
    assert.match(String(body?.tokenFingerprint), /^[0-9a-f]{12}$/);
    assert.equal(none?.headers["x-api-key"], "[REDACTED]", "a token in any header is redacted");
    const text = JSON.stringify(emulator.requests);
    assert.ok(!text.includes("tok-alpha-123") && !text.includes("tok-beta-456"));
  });

  it("a fingerprint means nothing outside its emulator (keyed per instance)", async () => {
    ({ emulator } = await startSeeded());
    const other = await startEmulator();
    try {
      assert.notEqual(emulator.tokenFingerprint(TOKEN), other.tokenFingerprint(TOKEN));
    } finally {
      await other.close();
    }
  });

  it("reset() clears the log and its counters; truncating the live array keeps the accounting in step", async () => {
    ({ emulator } = await startSeeded({ requestLogMaxBytes: 1024 * 1024 }));
    await callJson(emulator, "activate", bigParams(300 * 1024));
    emulator.requests.length = 0;
    await callJson(emulator, "activate", bigParams(300 * 1024), { requestId: "after-truncate" });
    assert.ok(emulator.requestLogStats().bytes < 400 * 1024, "the truncated record no longer counts");
    emulator.reset();
    assert.deepEqual(emulator.requestLogStats(), { received: 0, dropped: 0, bytes: 0, maxEntries: 10_000, maxBytes: 1024 * 1024 });
    assert.equal(emulator.requests.length, 0);
  });

  it("GET /__emulator/requests reports the log's counters", async () => {
    ({ emulator } = await startSeeded({ requestLogMaxEntries: 1 }));
    await callJson(emulator, "getStatus", { id: 82 });
    await callJson(emulator, "getStatus", { id: 82 });
    const res = JSON.parse((await rawRequest(emulator, { method: "GET", path: "/__emulator/requests" })).text) as {
      requests: unknown[];
      requestLog: { received: number; dropped: number };
    };
    assert.equal(res.requests.length, 1);
    assert.equal(res.requestLog.received, 2);
    assert.equal(res.requestLog.dropped, 1);
  });

  it("caps the de-dup cache by entries and bytes, oldest forgotten first", async () => {
    ({ emulator } = await startSeeded({ dedupMaxEntries: 2 }));
    for (const id of ["a", "b", "c"]) await callJson(emulator, "getStatus", { id: 82 }, { requestId: id });
    const a = await callJson(emulator, "getStatus", { id: 82 }, { requestId: "a" });
    const c = await callJson(emulator, "getStatus", { id: 82 }, { requestId: "c" });
    assert.equal(a.headers["duplicate-request"], undefined, "the oldest was forgotten");
    assert.equal(c.headers["duplicate-request"], "true");

    await emulator.close();
    ({ emulator } = await startSeeded({ dedupMaxBytes: 700 }));
    for (const id of ["a", "b", "c", "d", "e"]) await callJson(emulator, "getStatus", { id: 82 }, { requestId: id });
    const oldest = await callJson(emulator, "getStatus", { id: 82 }, { requestId: "a" });
    const newest = await callJson(emulator, "getStatus", { id: 82 }, { requestId: "e" });
    assert.equal(oldest.headers["duplicate-request"], undefined, "past the byte budget the oldest was forgotten");
    assert.equal(newest.headers["duplicate-request"], "true");
  });

  it("rejects bad caps by name", async () => {
    await assert.rejects(startEmulator({ requestLogMaxEntries: 0 }), /requestLogMaxEntries must be a positive integer/);
    await assert.rejects(startEmulator({ requestLogMaxBytes: 1.5 }), /requestLogMaxBytes must be a positive integer/);
    await assert.rejects(startEmulator({ dedupMaxEntries: -1 }), /dedupMaxEntries must be a positive integer/);
    await assert.rejects(startEmulator({ dedupMaxBytes: Number.NaN }), /dedupMaxBytes must be a positive integer/);
    ({ emulator } = await startSeeded());
  });
});
