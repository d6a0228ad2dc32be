import assert from "node:assert/strict";
import { CallLimiter, realClock, type LimiterClock } from "../../provider/limiter";
import { ASSUMED_BURST_MS, BELOW_MEASURED, DOUBLING_MS, MEASURE_WINDOW_MS, PROBE_AFTER_MEASURE, Pacer } from "../../provider/pacer";

/** A clock whose time moves only when the test says so; sleeps resolve in time order. */
class FakeClock implements LimiterClock {
  private time = 0;
  private timers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, wake });
    });

  /** Moves time to `target`, waking every sleeper due on the way (and whatever they schedule in turn). */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const due = this.timers[0];
      if (!due || due.at > target) break;
      this.timers.shift();
      this.time = due.at;
      due.wake();
    }
    this.time = target;
    await settle();
  }

  /** Moves time on, sleeper by sleeper, until `promise` has settled. */
  async until<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    await settle();
    while (!settled) {
      const next = Math.min(...this.timers.map((t) => t.at));
      assert.ok(Number.isFinite(next), "nothing left to wake, but the call has not settled");
      await this.advanceTo(next);
    }
    return watched;
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `count` calls of `latencyMs` each through `limiter`, recording when each started and how many ran at once. */
function launch(limiter: CallLimiter, clock: FakeClock, count: number, latencyMs: number) {
  const starts: { index: number; at: number }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const done = Array.from({ length: count }, (_, index) =>
    limiter.run(async () => {
      starts.push({ index, at: clock.now() });
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await clock.sleep(latencyMs);
      running--;
      return index;
    }),
  );
  return { starts, done: Promise.all(done), mostAtOnce: () => mostAtOnce };
}

/** Completes `count` calls of `latencyMs` one after another (each also waits for its paced start, if any). */
async function completeSerially(limiter: CallLimiter, clock: FakeClock, count: number, latencyMs: number): Promise<void> {
  for (let i = 0; i < count; i++) await clock.until(limiter.run(() => clock.sleep(latencyMs)));
}

describe("CallLimiter", () => {
  it("does not pace at all before the API has answered 429: only the concurrency bound holds calls back", async () => {
    const clock = new FakeClock();
    const limiter = new CallLimiter(4, clock);
    const run = launch(limiter, clock, 10, 20);
    await clock.advanceTo(100);
    assert.deepEqual(await run.done, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(
      run.starts.map((s) => s.at),
      [0, 0, 0, 0, 20, 20, 20, 20, 40, 40],
    );
    assert.equal(run.mostAtOnce(), 4);
    assert.equal(limiter.pacedRate(), null);
  });

  it("after the first 429 spaces starts at the rate the recent completions allow, in call order", async () => {
    const clock = new FakeClock();
    const limiter = new CallLimiter(8, clock);
    await completeSerially(limiter, clock, 40, 10); // 40 calls, the first done at 10 ms, the 429 at 400 ms
    limiter.rateLimited(1_000);
    const guess = (40 * 1000) / (390 + ASSUMED_BURST_MS);
    assert.equal(limiter.pacedRate(), guess);
    const t0 = clock.now();
    const run = launch(limiter, clock, 6, 5);
    await clock.advanceTo(t0 + 2_000);
    await run.done;
    assert.deepEqual(
      run.starts.map((s) => s.index),
      [0, 1, 2, 3, 4, 5],
    );
    // The 429 gives one interval back (its call retries later); then one start per interval. All six reserved
    // their starts at t0 (each had a slot), so all use the rate of t0.
    const starts = run.starts.map((s) => s.at);
    [1, 2, 3, 4, 5, 6].forEach((k, i) => assert.ok(Math.abs((starts[i] as number) - (t0 + (k * 1000) / guess)) < 1e-9));
    // They waited for their starts, so the pace climbs (quickly, until a measurement).
    assert.equal(limiter.pacedRate(), guess * 2 ** ((clock.now() - t0) / DOUBLING_MS));
  });

  it("measures the accepted rate between two 429s and paces a little below it", () => {
    const pacer = new Pacer();
    for (let t = 0; t < 100; t += 10) pacer.onCompleted(t);
    pacer.onRateLimited(100, 1_000);
    // 60 calls complete in the next 1.2 s, then the server refuses again: it accepted 50 calls per second.
    for (let t = 120; t <= 1_300; t += 20) pacer.onCompleted(t);
    assert.ok(1_300 - 100 >= MEASURE_WINDOW_MS);
    pacer.onRateLimited(1_300, 1_000);
    assert.equal(pacer.rateAt(1_300), 50 * BELOW_MEASURED);
  });

  it("takes no measurement from 429s closer together than the window, but each holds the next start back", async () => {
    const pacer = new Pacer();
    for (let t = 0; t < 100; t += 10) pacer.onCompleted(t); // 10 completions over 90 ms
    pacer.onRateLimited(90, 1_000);
    const first = (10 * 1000) / (90 + ASSUMED_BURST_MS);
    assert.equal(pacer.rateAt(90), first);
    pacer.onRateLimited(90, 1_000); // a second refusal from the same moment
    assert.equal(pacer.rateAt(90), first);
    // Two intervals are given back (one per refused call) before the first new start.
    const interval = 1000 / first;
    assert.ok(Math.abs(pacer.reserve(90) - 2 * interval) < 1e-9);
    assert.ok(Math.abs(pacer.reserve(90) - 3 * interval) < 1e-9);
  });

  it("climbs quickly until the first measurement while calls wait", () => {
    const pacer = new Pacer();
    for (let t = 0; t < 100; t += 10) pacer.onCompleted(t);
    pacer.onRateLimited(90, 1_000);
    const first = pacer.rateAt(90) as number;
    pacer.reserve(90); // the 429 gave an interval back: this call waits for its start
    assert.ok(Math.abs((pacer.rateAt(90 + DOUBLING_MS) as number) - 2 * first) < 1e-9);
  });

  it("stops climbing at a 429 inside the window, and climbs on once the window is over", () => {
    const pacer = new Pacer();
    for (let t = 0; t < 100; t += 10) pacer.onCompleted(t);
    pacer.onRateLimited(90, 1_000);
    for (let t = 100; t < 590; t += 10) pacer.onCompleted(t); // 49 calls accepted since: more than the pace
    const atLimit = pacer.rateAt(590) as number;
    pacer.onRateLimited(590, 1_000);
    assert.equal(pacer.rateAt(590), atLimit);
    assert.equal(pacer.rateAt(90 + MEASURE_WINDOW_MS), atLimit);
    assert.ok((pacer.rateAt(90 + MEASURE_WINDOW_MS + 500) as number) > atLimit);
  });

  it("climbs back up while no 429 comes, and stops pacing once it doubled the measured rate", async () => {
    const pacer = new Pacer();
    pacer.onCompleted(0);
    pacer.onRateLimited(0, 1_000);
    for (let t = 10; t <= 1_000; t += 10) pacer.onCompleted(t); // 100 calls in the window
    pacer.onRateLimited(1_000, 1_000);
    const start = 100 * BELOW_MEASURED;
    assert.equal(pacer.rateAt(1_000), start);
    const later = pacer.rateAt(6_000) as number;
    assert.ok(Math.abs(later - (start + 100 * PROBE_AFTER_MEASURE * 5)) < 1e-9);
    assert.ok(later > start);
    const doubledAfterMs = ((2 - BELOW_MEASURED) / PROBE_AFTER_MEASURE) * 1000;
    assert.notEqual(pacer.rateAt(1_000 + doubledAfterMs - 1), null);
    assert.equal(pacer.rateAt(1_000 + doubledAfterMs + 1), null);
    assert.equal(pacer.reserve(1_000 + doubledAfterMs + 1), 0);
    assert.equal(pacer.pacing, false);
  });

  it("drops to the rate measured so far at a 429 a quarter second or more into the window, if that is lower", () => {
    const pacer = new Pacer();
    for (let t = 0; t < 1_000; t += 2.5) pacer.onCompleted(t); // 400 calls in a second: the first pace is high
    pacer.onRateLimited(1_000, 1_000);
    const first = pacer.rateAt(1_000) as number;
    for (let t = 1_010; t <= 1_300; t += 10) pacer.onCompleted(t); // 30 calls in 300 ms: 100 calls/s
    pacer.onRateLimited(1_300, 1_000);
    assert.ok(first > 100);
    assert.equal(pacer.rateAt(1_300), 100);
  });

  it("climbs only while calls wait for their paced start", () => {
    const pacer = new Pacer();
    pacer.onCompleted(0);
    pacer.onRateLimited(0, 1_000);
    for (let t = 10; t <= 1_000; t += 10) pacer.onCompleted(t);
    pacer.onRateLimited(1_000, 1_000);
    const at = (t: number) => 100 * BELOW_MEASURED + 100 * PROBE_AFTER_MEASURE * ((t - 1_000) / 1000);
    assert.equal(pacer.reserve(2_000), 0); // ready long after its slot: it starts at once, the climb holds from here
    assert.equal(pacer.reserve(5_000), 0);
    assert.ok(Math.abs((pacer.rateAt(5_000) as number) - at(2_000)) < 1e-9);
    assert.ok(pacer.reserve(5_000) > 0); // two at once: the second waits, the climb resumes from 5 s
    assert.ok(Math.abs((pacer.rateAt(7_000) as number) - (at(2_000) + 100 * PROBE_AFTER_MEASURE * 2)) < 1e-9);
  });

  it("keeps the concurrency bound while pacing", async () => {
    const clock = new FakeClock();
    const limiter = new CallLimiter(3, clock);
    await completeSerially(limiter, clock, 400, 1); // 400 calls in the last 400 ms: paced at 200 calls/s
    limiter.rateLimited(1_000);
    const run = launch(limiter, clock, 30, 100); // each call takes 100 ms: the bound, not the pace, limits them
    await clock.advanceTo(clock.now() + 5_000);
    await run.done;
    assert.equal(run.mostAtOnce(), 3);
    assert.equal(run.starts.length, 30);
  });

  it("keeps calls flowing when nothing got through: at least one start per Retry-After", async () => {
    const clock = new FakeClock();
    const limiter = new CallLimiter(8, clock);
    limiter.rateLimited(2_000); // a 429 before any call completed: the rate is unknown
    const run = launch(limiter, clock, 3, 10);
    await clock.advanceTo(10_000);
    assert.deepEqual(await run.done, [0, 1, 2]);
    const starts = run.starts.map((s) => s.at);
    for (let i = 1; i < starts.length; i++) assert.ok((starts[i] as number) - (starts[i - 1] as number) <= 2_000);
    assert.ok((starts[2] as number) <= 6_000);
  });

  it("frees the slot of a call that failed, and counts it as done", async () => {
    const clock = new FakeClock();
    const limiter = new CallLimiter(1, clock);
    const failing = limiter.run(async () => {
      await clock.sleep(5);
      throw new Error("refused");
    });
    const next = limiter.run(async () => clock.now());
    const refused = assert.rejects(failing, /refused/);
    await clock.advanceTo(10);
    await refused;
    assert.equal(await next, 5);
  });
});

describe("pacer: the server's delay and the clock", () => {
  it("the interval never exceeds the server's Retry-After: a Retry-After of 0 lets later calls go on at once", () => {
    const pacer = new Pacer();
    const t0 = 100_000;
    pacer.onRateLimited(t0, 0);
    const waits = Array.from({ length: 5 }, () => pacer.reserve(t0));
    assert.ok(waits[4]! <= 5, `5 starts spread over ${waits[4]} ms after a 429 that said retry at once`);
  });

  it("a 429 with Retry-After: 1 paces later calls at most a second apart (after the refused call's own turn)", () => {
    const pacer = new Pacer();
    const t0 = 100_000;
    pacer.onRateLimited(t0, 1_000);
    const waits = Array.from({ length: 5 }, () => pacer.reserve(t0));
    waits.forEach((wait, index) => assert.ok(wait > 0 && wait <= (index + 1) * 1_000, `start ${index} waits ${wait} ms`));
  });

  it("the real clock is monotonic (performance.now), so a wall-clock step cannot stretch a paced wait", () => {
    const before = performance.now();
    const now = realClock.now();
    assert.ok(now >= before && now - before < 1_000, `realClock.now() = ${now}, performance.now() = ${before}`);
  });
});
