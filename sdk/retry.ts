/**
 * The retry policy as small pure functions. Every Altcraft call is a POST; it is retried only because each call
 * carries one Request-ID on all its attempts, which the platform's de-duplication turns into a safe replay.
 */

/** Connection error codes worth another attempt. DNS "not found" and TLS failures are not: repeating cannot fix them. */
export const RETRYABLE_CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

/** HTTP statuses retried when their body carries no Altcraft envelope (an envelope error is final whatever its status). */
export const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** True when a connection failure with this code may succeed on another attempt. */
export function isRetryableConnectionCode(code: string): boolean {
  return RETRYABLE_CONNECTION_CODES.has(code);
}

/** True when an envelope-less answer with this HTTP status may succeed on another attempt. */
export function isRetryableHttpStatus(status: number): boolean {
  return RETRYABLE_HTTP_STATUSES.has(status);
}

/**
 * Whether to make another attempt: the failure must be retryable and the budget not spent.
 * @param attemptsMade attempts already made, the failed one included (1 after the first).
 * @param maxRetries retries allowed after the first attempt.
 */
export function shouldRetry(failure: { retryable: boolean }, attemptsMade: number, maxRetries: number): boolean {
  return failure.retryable && attemptsMade <= maxRetries;
}

/**
 * Parses a Retry-After header: delay-seconds or an HTTP-date. Returns milliseconds from `nowMs` (never negative),
 * or undefined when the header is absent or unreadable.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only a real HTTP-date: Date.parse alone accepts bare numbers and other loose forms.
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** What {@link retryDelayMs} needs to know. */
export interface RetryDelayInput {
  /** 0 for the first retry, 1 for the second, … */
  retryIndex: number;
  /** The server's Retry-After in ms, when it sent one. */
  retryAfterMs?: number;
  /** Backoff base: the first retry waits about this long. */
  baseMs: number;
  /** Backoff cap. */
  maxMs: number;
  /** Cap for a server's Retry-After. */
  maxRetryAfterMs: number;
  /** A number in [0, 1) for jitter. */
  random: () => number;
}

/**
 * The wait before the next attempt. A server's Retry-After wins, capped at `maxRetryAfterMs`. Otherwise exponential
 * backoff `baseMs * 2^retryIndex` capped at `maxMs`, with equal jitter (half fixed, half random) so clients spread
 * out without ever retrying at once.
 */
export function retryDelayMs(input: RetryDelayInput): number {
  if (input.retryAfterMs !== undefined) return Math.min(Math.max(0, input.retryAfterMs), input.maxRetryAfterMs);
  const ceiling = Math.min(input.maxMs, input.baseMs * 2 ** input.retryIndex);
  const jitter = Math.min(Math.max(input.random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}
