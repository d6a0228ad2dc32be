import { strict as assert } from "node:assert";
import {
  RETRYABLE_HTTP_STATUSES,
  isRetryableConnectionCode,
  isRetryableHttpStatus,
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
} from "../../sdk/retry";

describe("sdk retry policy (pure functions)", () => {
  describe("parseRetryAfterMs", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");

    it("reads delay-seconds", () => {
      assert.equal(parseRetryAfterMs("3", now), 3_000);
      assert.equal(parseRetryAfterMs(" 0 ", now), 0);
      assert.equal(parseRetryAfterMs("1.5", now), 1_500);
    });

    it("reads an HTTP-date relative to now", () => {
      assert.equal(parseRetryAfterMs("Wed, 01 Jan 2025 00:00:07 GMT", now), 7_000);
    });

    it("turns a past HTTP-date into no wait", () => {
      assert.equal(parseRetryAfterMs("Tue, 31 Dec 2024 23:59:00 GMT", now), 0);
    });

    it("ignores absent and unreadable values", () => {
      assert.equal(parseRetryAfterMs(undefined, now), undefined);
      assert.equal(parseRetryAfterMs("", now), undefined);
      assert.equal(parseRetryAfterMs("soon", now), undefined);
      assert.equal(parseRetryAfterMs("-5", now), undefined);
      assert.equal(parseRetryAfterMs("2025", now), 2_025_000, "a bare number is seconds, not a year");
    });
  });

  describe("retryDelayMs", () => {
    const base = { baseMs: 500, maxMs: 8_000, maxRetryAfterMs: 30_000 };

    it("doubles per retry with equal jitter between half and all of the step", () => {
      const low = [0, 1, 2, 3].map((retryIndex) => retryDelayMs({ ...base, retryIndex, random: () => 0 }));
      const high = [0, 1, 2, 3].map((retryIndex) => retryDelayMs({ ...base, retryIndex, random: () => 0.999999 }));
      assert.deepStrictEqual(low, [250, 500, 1_000, 2_000]);
      assert.deepStrictEqual(high, [500, 1_000, 2_000, 4_000]);
    });

    it("caps the backoff at maxMs", () => {
      assert.equal(retryDelayMs({ ...base, retryIndex: 10, random: () => 0.999999 }), 8_000);
      assert.equal(retryDelayMs({ ...base, retryIndex: 10, random: () => 0 }), 4_000);
    });

    it("clamps a jitter source that strays outside [0, 1)", () => {
      assert.equal(retryDelayMs({ ...base, retryIndex: 0, random: () => 7 }), 500);
      assert.equal(retryDelayMs({ ...base, retryIndex: 0, random: () => -3 }), 250);
    });

    it("honours Retry-After over backoff, capped at maxRetryAfterMs", () => {
      assert.equal(retryDelayMs({ ...base, retryIndex: 0, retryAfterMs: 2_000, random: () => 0.5 }), 2_000);
      assert.equal(retryDelayMs({ ...base, retryIndex: 0, retryAfterMs: 120_000, random: () => 0.5 }), 30_000);
      assert.equal(retryDelayMs({ ...base, retryIndex: 3, retryAfterMs: 0, random: () => 0.5 }), 0);
    });
  });

  describe("shouldRetry", () => {
    it("retries a retryable failure while the budget lasts", () => {
      assert.equal(shouldRetry({ retryable: true }, 1, 3), true);
      assert.equal(shouldRetry({ retryable: true }, 3, 3), true);
      assert.equal(shouldRetry({ retryable: true }, 4, 3), false);
      assert.equal(shouldRetry({ retryable: true }, 1, 0), false);
    });

    it("never retries a final failure", () => {
      assert.equal(shouldRetry({ retryable: false }, 1, 10), false);
    });
  });

  describe("what is retryable", () => {
    it("HTTP: 429 and gateway 5xx, no other status", () => {
      assert.deepStrictEqual([...RETRYABLE_HTTP_STATUSES].sort(), [429, 500, 502, 503, 504]);
      for (const status of [400, 401, 403, 404, 408, 409, 413, 501, 505]) assert.equal(isRetryableHttpStatus(status), false, String(status));
    });

    it("connections: resets, refusals and timeouts, not unknown hosts or TLS failures", () => {
      for (const code of ["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"]) assert.equal(isRetryableConnectionCode(code), true, code);
      for (const code of ["ENOTFOUND", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNKNOWN"]) assert.equal(isRetryableConnectionCode(code), false, code);
    });
  });
});
