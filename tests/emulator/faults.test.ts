import { strict as assert } from "node:assert";
import { ERROR_CODES } from "../../sdk/codes";
import { endpointPath } from "../../sdk/endpoints";
import { FaultRuleError, startEmulator, type Emulator, type FaultRule } from "../../emulator";
import { callJson, rawRequest, startSeeded, TOKEN, waitUntil } from "./helpers";

describe("emulator faults", () => {
  let emulator: Emulator;
  beforeEach(async () => ({ emulator } = await startSeeded()));
  afterEach(() => emulator.close());

  const activate = (requestId?: string) =>
    rawRequest(emulator, {
      path: endpointPath("activate"),
      headers: { "content-type": "application/json", ...(requestId ? { "request-id": requestId } : {}) },
      body: JSON.stringify({ token: TOKEN, id: 82, run_now: true }),
    });

  describe("status", () => {
    it("before: answers the status with an HTML gateway page and does not execute", async () => {
      emulator.faults.add({ fault: { type: "status", status: 503 } });
      const res = await activate("s1");
      assert.equal(res.status, 503);
      assert.match(String(res.headers["content-type"]), /^text\/html/);
      assert.match(res.text, /<title>503 Service Unavailable<\/title>/);
      assert.equal(emulator.executions.length, 0);
      assert.equal(emulator.mailing(82)?.isActive, false);
    });

    it("after: executes, then answers the status", async () => {
      emulator.faults.add({ phase: "after", fault: { type: "status", status: 502, body: "upstream gone", contentType: "text/plain" } });
      const res = await activate("s2");
      assert.equal(res.status, 502);
      assert.equal(res.text, "upstream gone");
      assert.equal(res.headers["content-type"], "text/plain");
      assert.equal(emulator.launches(82).length, 1);
    });
  });

  describe("rateLimited", () => {
    it("before: 429 with Retry-After, not executed", async () => {
      emulator.faults.add({ fault: { type: "rateLimited", retryAfterSeconds: 7 } });
      const res = await activate();
      assert.equal(res.status, 429);
      assert.equal(res.headers["retry-after"], "7");
      assert.equal(emulator.executions.length, 0);
    });

    it("after: executed, then 429 (Retry-After defaults to 1)", async () => {
      emulator.faults.add({ phase: "after", fault: { type: "rateLimited" } });
      const res = await activate();
      assert.equal(res.status, 429);
      assert.equal(res.headers["retry-after"], "1");
      assert.equal(emulator.launches(82).length, 1);
    });
  });

  describe("reset", () => {
    it("before: the connection drops without a response and nothing is executed", async () => {
      emulator.faults.add({ fault: { type: "reset" } });
      await assert.rejects(activate(), /socket hang up|ECONNRESET/);
      assert.equal(emulator.executions.length, 0);
      assert.equal(emulator.requests.length, 1);
    });

    it("after: executed, then the connection drops", async () => {
      emulator.faults.add({ phase: "after", fault: { type: "reset" } });
      await assert.rejects(activate(), /socket hang up|ECONNRESET/);
      assert.equal(emulator.launches(82).length, 1);
    });
  });

  describe("hang", () => {
    it("before: never answers, is not executed, and close() ends it", async () => {
      emulator.faults.add({ fault: { type: "hang" } });
      const pending = activate();
      await waitUntil(() => emulator.requests.length === 1);
      assert.equal(emulator.executions.length, 0);
      await emulator.close();
      await assert.rejects(pending, /socket hang up|ECONNRESET/);
    });

    it("after: executed, never answered", async () => {
      emulator.faults.add({ phase: "after", fault: { type: "hang" } });
      const pending = activate();
      await waitUntil(() => emulator.executions.length === 1);
      await emulator.close();
      await assert.rejects(pending);
      assert.equal(emulator.launches(82).length, 1);
    });

    it("does not block other requests or a retry under the same Request-ID (phase before)", async () => {
      emulator.faults.add({ fault: { type: "hang" } });
      const hung = activate("h1");
      hung.catch(() => undefined);
      await waitUntil(() => emulator.requests.length === 1);
      const retry = await activate("h1");
      assert.equal(JSON.parse(retry.text).error, 0);
      assert.equal(emulator.launches(82).length, 1);
    });
  });

  describe("delay", () => {
    it("before: waits, then executes and answers normally", async () => {
      emulator.faults.add({ fault: { type: "delay", ms: 200 } });
      const pending = activate();
      await waitUntil(() => emulator.requests.length === 1);
      assert.equal(emulator.executions.length, 0, "not executed while delayed");
      const res = await pending;
      assert.equal(JSON.parse(res.text).error, 0);
      assert.equal(emulator.launches(82).length, 1);
    });

    it("after: executes first, then waits before answering", async () => {
      emulator.faults.add({ phase: "after", fault: { type: "delay", ms: 200 } });
      let answered = false;
      const pending = activate().then((res) => ((answered = true), res));
      await waitUntil(() => emulator.executions.length === 1);
      assert.equal(answered, false);
      assert.equal(JSON.parse((await pending).text).error, 0);
    });
  });

  describe("malformed", () => {
    it("before: sends the raw body (HTTP 200, JSON content type by default), not executed", async () => {
      emulator.faults.add({ fault: { type: "malformed", body: '{"data":nu' } });
      const res = await activate();
      assert.equal(res.status, 200);
      assert.equal(res.text, '{"data":nu');
      assert.match(String(res.headers["content-type"]), /^application\/json/);
      assert.equal(emulator.executions.length, 0);
    });

    it("after: executed, then the raw body with the given status and type", async () => {
      emulator.faults.add({ phase: "after", fault: { type: "malformed", body: "<html>oops", contentType: "text/html", status: 500 } });
      const res = await activate();
      assert.equal(res.status, 500);
      assert.equal(res.text, "<html>oops");
      assert.equal(emulator.launches(82).length, 1);
    });
  });

  describe("matching", () => {
    it("fires for the first `times` matches only", async () => {
      emulator.faults.add({ times: 2, fault: { type: "status", status: 500 } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await activate(`t${i}`)).status);
      assert.deepEqual(statuses, [500, 500, 200]);
    });

    it("targets an endpoint", async () => {
      emulator.faults.add({ endpoint: "deactivate", fault: { type: "status", status: 500 } });
      assert.equal((await callJson(emulator, "activate", { id: 82 })).status, 200);
      assert.equal((await callJson(emulator, "deactivate", { id: 82 })).status, 500);
    });

    it("targets a mailing id", async () => {
      emulator.faults.add({ mailingId: 4727, fault: { type: "status", status: 500 } });
      assert.equal((await callJson(emulator, "getStatus", { id: 82 })).status, 200);
      assert.equal((await callJson(emulator, "getStatus", { id: "4727" })).status, 500);
    });

    it("fires rate rules from the injected random source", async () => {
      const draws = [0.9, 0.1, 0.5];
      await emulator.close();
      emulator = await startEmulator({ mailings: [{ id: 82 }], random: () => draws.shift() ?? 1 });
      emulator.faults.add({ rate: 0.5, fault: { type: "status", status: 503 } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await callJson(emulator, "getStatus", { id: 82 })).status);
      assert.deepEqual(statuses, [200, 503, 200]);
      assert.equal(emulator.faults.list()[0]?.fired, 1);
      assert.equal(emulator.faults.list()[0]?.remaining, undefined, "a rate rule without times never runs out");
    });

    it("is repeatable with the default seeded random", async () => {
      const run = async (): Promise<number[]> => {
        const e = await startEmulator({ mailings: [{ id: 82 }], randomSeed: 42 });
        try {
          e.faults.add({ rate: 0.3, fault: { type: "status", status: 503 } });
          const statuses = [];
          for (let i = 0; i < 20; i++) statuses.push((await callJson(e, "getStatus", { id: 82 })).status);
          return statuses;
        } finally {
          await e.close();
        }
      };
      const first = await run();
      assert.deepEqual(await run(), first);
      const faulted = first.filter((s) => s === 503).length;
      assert.ok(faulted > 0 && faulted < 20, `expected some but not all faulted, got ${faulted}`);
    });

    it("tries rules oldest first and fires one per request", async () => {
      emulator.faults.add({ fault: { type: "status", status: 500 } });
      emulator.faults.add({ fault: { type: "status", status: 502 } });
      assert.equal((await activate("o1")).status, 500);
      assert.equal((await activate("o2")).status, 502);
      assert.equal((await activate("o3")).status, 200);
    });

    it("is not consumed by a de-dup replay", async () => {
      await activate("replayed");
      emulator.faults.add({ fault: { type: "status", status: 500 } });
      const replay = await activate("replayed");
      assert.equal(replay.status, 200);
      assert.equal(replay.headers["duplicate-request"], "true");
      assert.equal(emulator.faults.list().length, 1);
    });

    it("a faulted-before call leaves no cache entry: the retry executes", async () => {
      emulator.faults.add({ fault: { type: "status", status: 503 } });
      await activate("r");
      const retry = await activate("r");
      assert.equal(retry.status, 200);
      assert.equal(retry.headers["duplicate-request"], undefined);
      assert.equal(emulator.launches(82).length, 1);
    });
  });

  describe("controller", () => {
    it("lists rules with their bookkeeping, drops exhausted ones, and clears", async () => {
      emulator.faults.add({ times: 2, endpoint: "get", fault: { type: "hang" } });
      emulator.faults.add({ fault: { type: "status", status: 500 } });
      assert.deepEqual(
        emulator.faults.list().map((r) => [r.id, r.fired, r.remaining]),
        [
          [1, 0, 2],
          [2, 0, 1],
        ],
      );
      await activate();
      assert.deepEqual(emulator.faults.list().map((r) => r.id), [1]);
      emulator.faults.clear();
      assert.deepEqual(emulator.faults.list(), []);
    });

    const bad: [string, unknown, RegExp][] = [
      ["no fault", {}, /fault must be an object/],
      ["unknown type", { fault: { type: "explode" } }, /fault type must be one of/],
      ["bad endpoint", { endpoint: "start", fault: { type: "reset" } }, /endpoint must be/],
      ["bad times", { times: 0, fault: { type: "reset" } }, /times must be a positive integer/],
      ["bad rate", { rate: 2, fault: { type: "reset" } }, /rate must be a number from 0 to 1/],
      ["bad phase", { phase: "during", fault: { type: "reset" } }, /phase must be/],
      ["bad mailingId", { mailingId: "x", fault: { type: "reset" } }, /mailingId must be a positive integer/],
      ["bad status", { fault: { type: "status", status: 99 } }, /status must be an HTTP status/],
      ["bad delay", { fault: { type: "delay" } }, /ms must be a non-negative number/],
      ["malformed without body", { fault: { type: "malformed" } }, /body must be a string/],
      ["bad retryAfterSeconds", { fault: { type: "rateLimited", retryAfterSeconds: -1 } }, /retryAfterSeconds/],
    ];
    for (const [name, rule, pattern] of bad) {
      it(`rejects a rule with ${name}`, () => {
        assert.throws(() => emulator.faults.add(rule as FaultRule), (err: unknown) => err instanceof FaultRuleError && pattern.test(err.message));
      });
    }
  });

  it("faults apply after authentication: a bad token still gets its 403", async () => {
    emulator.faults.add({ fault: { type: "status", status: 500 } });
    const res = await callJson(emulator, "getStatus", { id: 82 }, { token: "wrong" });
    assert.equal(res.envelope.error, ERROR_CODES.forbidden);
    assert.equal(emulator.faults.list().length, 1);
  });
});
