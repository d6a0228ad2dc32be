/**
 * Client options: explicit options first, then environment variables, then the `DEFAULT_*` constants.
 * Every problem is reported once, by name, with what is allowed.
 */

import { normalizeBaseUrl } from "./base-url";
import { describe } from "./describe";
import { ENV_BASE_URL, ENV_TOKEN, readEnv } from "./env";
import { AltcraftConfigError } from "./errors";
import { packageVersion } from "./version";
import type { TokenPlacement, WireFormat } from "./types";

/** @default "json" */
export const DEFAULT_FORMAT: WireFormat = "json";
/** @default "body": the way every API version documents. */
export const DEFAULT_TOKEN_PLACEMENT: TokenPlacement = "body";
/** Per attempt. @default 30 s */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Retries after the first attempt. @default 3 */
export const DEFAULT_MAX_RETRIES = 3;
/** The most retries `maxRetries` may ask for. */
export const MAX_RETRIES_LIMIT = 10;
/** @default 500 ms */
export const DEFAULT_RETRY_BASE_MS = 500;
/** @default 8 s */
export const DEFAULT_RETRY_MAX_MS = 8_000;
/** @default 30 s */
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
/** @default 10 MiB */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** The client's User-Agent unless `userAgent` is given: this package and its version, e.g. `pulumi-altcraft/0.2.0`. */
export const DEFAULT_USER_AGENT = `pulumi-altcraft/${packageVersion()}`;
/** The largest delay Node timers accept. */
const MAX_TIMER_MS = 2_147_483_647;

/** What `onRetry` receives before each retry. Carries no token. */
export interface RetryEvent {
  /** The endpoint path, e.g. `campaigns/activate/`. */
  endpoint: string;
  /** The 1-based number of the attempt that just failed. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** Why the attempt failed (the failure's message, token removed). */
  reason: string;
  /** The Request-ID shared by all attempts of the call. */
  requestId: string;
  /** The HTTP status of the failed attempt when an answer arrived (e.g. 429, 503); absent for connection failures and timeouts. */
  httpStatus?: number;
}

/** Options of {@link AltcraftClient}. Each falls back to its env var (where it has one), then to its `DEFAULT_*`. */
export interface AltcraftClientOptions {
  /** The panel's base URL, e.g. `https://ru.altkraft.com`; may carry a path prefix. Env: `ALTCRAFT_BASE_URL`. */
  baseUrl?: string;
  /** The API token. Env: `ALTCRAFT_TOKEN`. */
  token?: string;
  /** Request and response format. @default "json" */
  format?: WireFormat;
  /** `body` (field `token`, every version) or `header` (`Authorization: Bearer`, v74+). @default "body" */
  tokenPlacement?: TokenPlacement;
  /** Limit for one attempt, in ms. @default 30000 */
  timeoutMs?: number;
  /** Retries after the first attempt, 0..10. @default 3 */
  maxRetries?: number;
  /** Backoff base in ms. @default 500 */
  retryBaseMs?: number;
  /** Backoff cap in ms. @default 8000 */
  retryMaxMs?: number;
  /** Cap for a server's Retry-After, in ms. @default 30000 */
  maxRetryAfterMs?: number;
  /** Larger responses are refused with an {@link AltcraftResponseError}. @default 10 MiB */
  maxResponseBytes?: number;
  /** Permit `http://` to non-loopback hosts (the token then travels in clear text). @default false */
  allowInsecureHttp?: boolean;
  /** Waits between attempts; tests inject a recorder. @default a setTimeout promise */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /** Called before each retry. The event never carries the token. */
  onRetry?: (event: RetryEvent) => void;
  /** The User-Agent header. @default `pulumi-altcraft/<this package's version>` */
  userAgent?: string;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  baseUrl: string;
  token: string;
  format: WireFormat;
  tokenPlacement: TokenPlacement;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxRetryAfterMs: number;
  maxResponseBytes: number;
  allowInsecureHttp: boolean;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry: ((event: RetryEvent) => void) | undefined;
  userAgent: string;
}

/** The option names the constructor accepts; anything else is refused so typos surface. */
export const ALLOWED_OPTIONS: readonly (keyof AltcraftClientOptions)[] = [
  "baseUrl",
  "token",
  "format",
  "tokenPlacement",
  "timeoutMs",
  "maxRetries",
  "retryBaseMs",
  "retryMaxMs",
  "maxRetryAfterMs",
  "maxResponseBytes",
  "allowInsecureHttp",
  "sleep",
  "random",
  "onRetry",
  "userAgent",
];

/** The real clock. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Validates `options`, fills env fallbacks and defaults. Throws {@link AltcraftConfigError}. */
export function resolveOptions(options: AltcraftClientOptions | undefined): ResolvedOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new AltcraftConfigError("options", `AltcraftClient options must be an object, got ${describe(options)}`);
  }
  const raw = options as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(ALLOWED_OPTIONS as readonly string[]).includes(key)) {
      throw new AltcraftConfigError(key, `unknown option ${JSON.stringify(key)}; allowed options: ${ALLOWED_OPTIONS.join(", ")}`);
    }
  }

  const token = resolveToken(options.token);
  const allowInsecureHttp = booleanOption("allowInsecureHttp", options.allowInsecureHttp, false);
  const baseUrlRaw = stringOrUndefined("baseUrl", options.baseUrl) ?? readEnv(ENV_BASE_URL);
  if (baseUrlRaw === undefined) {
    throw new AltcraftConfigError(
      "baseUrl",
      `no Altcraft base URL: pass the \`baseUrl\` option or set the ${ENV_BASE_URL} environment variable (e.g. https://ru.altkraft.com)`,
    );
  }
  const retryBaseMs = integerOption("retryBaseMs", options.retryBaseMs, DEFAULT_RETRY_BASE_MS, 0, MAX_TIMER_MS);
  return {
    baseUrl: normalizeBaseUrl(baseUrlRaw, allowInsecureHttp, token),
    token,
    format: enumOption("format", options.format, ["json", "xml"] as const, DEFAULT_FORMAT),
    tokenPlacement: enumOption("tokenPlacement", options.tokenPlacement, ["body", "header"] as const, DEFAULT_TOKEN_PLACEMENT),
    timeoutMs: integerOption("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS),
    maxRetries: integerOption("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES, 0, MAX_RETRIES_LIMIT),
    retryBaseMs,
    retryMaxMs: integerOption("retryMaxMs", options.retryMaxMs, DEFAULT_RETRY_MAX_MS, 0, MAX_TIMER_MS),
    maxRetryAfterMs: integerOption("maxRetryAfterMs", options.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS, 0, MAX_TIMER_MS),
    maxResponseBytes: integerOption("maxResponseBytes", options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1, Number.MAX_SAFE_INTEGER),
    allowInsecureHttp,
    sleep: functionOption("sleep", options.sleep) ?? defaultSleep,
    random: functionOption("random", options.random) ?? Math.random,
    onRetry: functionOption("onRetry", options.onRetry),
    userAgent: headerValueOption("userAgent", options.userAgent) ?? DEFAULT_USER_AGENT,
  };
}

function resolveToken(option: unknown): string {
  if (option !== undefined) {
    if (typeof option !== "string" || option.trim() === "") {
      throw new AltcraftConfigError("token", `token must be a non-empty string, got ${typeof option === "string" ? "an empty string" : describe(option)}`);
    }
    return checkTokenCharacters(option.trim());
  }
  const fromEnv = readEnv(ENV_TOKEN);
  if (fromEnv === undefined) {
    throw new AltcraftConfigError(
      "token",
      `no Altcraft API token: pass the \`token\` option or set the ${ENV_TOKEN} environment variable`,
    );
  }
  return checkTokenCharacters(fromEnv);
}

/** The shortest token accepted. Real tokens are far longer; a short one would also turn redaction into noise. */
export const MIN_TOKEN_LENGTH = 8;

function checkTokenCharacters(token: string): string {
  // Never echo the token: it is a secret even when malformed.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new AltcraftConfigError("token", "token must contain only visible ASCII characters (no spaces or control characters)");
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new AltcraftConfigError(
      "token",
      `token must be at least ${MIN_TOKEN_LENGTH} characters: Altcraft API tokens are long random strings; check the value`,
    );
  }
  return token;
}

function stringOrUndefined(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    throw new AltcraftConfigError(name, `${name} must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function headerValueOption(name: string, value: unknown): string | undefined {
  const text = stringOrUndefined(name, value);
  if (text !== undefined && !/^[\x20-\x7e]+$/.test(text)) {
    throw new AltcraftConfigError(name, `${name} must contain only printable ASCII characters, got ${describe(value)}`);
  }
  return text;
}

function enumOption<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new AltcraftConfigError(name, `${name} must be ${allowed.map((a) => JSON.stringify(a)).join(" or ")}, got ${describe(value)}`);
}

function integerOption(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max >= Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new AltcraftConfigError(name, `${name} must be an integer ${range}, got ${describe(value)}`);
  }
  return value;
}

function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new AltcraftConfigError(name, `${name} must be true or false, got ${describe(value)}`);
  return value;
}

function functionOption<F>(name: string, value: F | undefined): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") throw new AltcraftConfigError(name, `${name} must be a function, got ${describe(value)}`);
  return value;
}
