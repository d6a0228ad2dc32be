import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { AltcraftClient, type RetryEvent } from "../../sdk";
import { isRateLimitRetry } from "../../provider/lifecycle";

const TOKEN = "rate-limit-signal-token-8e0d";

/**
 * The provider paces every new call once the API answers 429. It decides on the retry event's HTTP status, not on
 * its message: a gateway page that happens to contain "429" must not slow a whole deployment.
 */
describe("reliability: the rate-limit signal behind the provider's pacing", () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator({ tokens: [TOKEN], mailings: [{ id: 82 }] });
  });
  after(async () => emulator?.close());

  it("retry events carry the HTTP status of the failed attempt, and only a 429 pauses", async () => {
    emulator.faults.add({ endpoint: "get", fault: { type: "rateLimited", retryAfterSeconds: 0 } });
    emulator.faults.add({ endpoint: "get", fault: { type: "status", status: 503, body: "<html>upstream 4290 overloaded, error 429 in cluster</html>" } });
    emulator.faults.add({ endpoint: "get", fault: { type: "reset" } });
    const events: RetryEvent[] = [];
    const client = new AltcraftClient({ baseUrl: emulator.url, token: TOKEN, sleep: async () => {}, onRetry: (e) => events.push(e) });
    // The provider's one read (check, refresh) is campaigns/get.
    const status = await client.mailings.get({ id: 82 });
    client.close();

    assert.equal(status.isActive, false);
    assert.deepEqual(events.map((e) => e.httpStatus), [429, 503, undefined]);
    assert.match(events[1]!.reason, /429/, "the 503's message mentions 429, which a text match would take for a rate limit");
    assert.deepEqual(events.map(isRateLimitRetry), [true, false, false]);
  });
});
