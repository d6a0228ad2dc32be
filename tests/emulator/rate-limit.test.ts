import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { callJson, ManualClock, startSeeded } from "./helpers";

describe("emulator rate limit", () => {
  let emulator: Emulator;
  let clock: ManualClock;
  afterEach(() => emulator.close());

  it("answers 429 with Retry-After past the rate, and recovers as the bucket refills (injected clock)", async () => {
    ({ emulator, clock } = await startSeeded({ rateLimit: { requestsPerSecond: 2 } }));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await callJson(emulator, "getStatus", { id: 82 }));
    assert.deepEqual(statuses.map((s) => s.status), [200, 200, 429]);
    assert.equal(statuses[2]?.headers["retry-after"], "1");
    assert.equal(emulator.executions.length, 2, "a rate-limited call is not executed");
    assert.equal(emulator.requests.length, 3, "but it is recorded");

    clock.advance(500);
    assert.equal((await callJson(emulator, "getStatus", { id: 82 })).status, 200);
    assert.equal((await callJson(emulator, "getStatus", { id: 82 })).status, 429);
  });

  it("uses the configured Retry-After", async () => {
    ({ emulator, clock } = await startSeeded({ rateLimit: { requestsPerSecond: 1, retryAfterSeconds: 30 } }));
    await callJson(emulator, "getStatus", { id: 82 });
    const limited = await callJson(emulator, "getStatus", { id: 82 });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers["retry-after"], "30");
  });

  it("computes Retry-After from the refill rate when below one request per second", async () => {
    ({ emulator, clock } = await startSeeded({ rateLimit: { requestsPerSecond: 0.25 } }));
    await callJson(emulator, "getStatus", { id: 82 });
    const limited = await callJson(emulator, "getStatus", { id: 82 });
    assert.equal(limited.headers["retry-after"], "4");
  });

  it("reset() refills the bucket", async () => {
    ({ emulator, clock } = await startSeeded({ rateLimit: { requestsPerSecond: 1 } }));
    await callJson(emulator, "getStatus", { id: 82 });
    emulator.reset();
    assert.equal((await callJson(emulator, "getStatus", { id: 82 })).status, 200);
  });
});
