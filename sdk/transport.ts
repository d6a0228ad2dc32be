/**
 * Sends one call: encodes it, makes attempts with axios over a keep-alive agent, retries what the policy allows with the
 * same Request-ID, and returns the decoded result. Axios is told not to parse, transform, follow redirects or reject
 * on status, so the error factory sees the raw answer.
 */

import axios, { type AxiosInstance } from "axios";
import * as http from "node:http";
import * as https from "node:https";
import { isLoopbackHost, joinUrl } from "./base-url";
import type { ResolvedOptions } from "./config";
import { endpointPath, ENDPOINTS, type EndpointName } from "./endpoints";
import type { Envelope } from "./envelope";
import { classifyAnswer, errorFromFailure, errorFromSchema, finalizeError, type CallContext, type HttpAnswer } from "./error-factory";
import { AltcraftError, AltcraftValidationError } from "./errors";
import { isDuplicateAnswer } from "./dedup";
import { compileRedactor, redactDeep, tokenSpellings } from "./redact";
import { retryDelayMs, shouldRetry } from "./retry";
import { SchemaError } from "./schema";
import type { CallMeta } from "./types";
import { encodeRequestBody, requestHeaders } from "./wire";

/** The platform's documented request size limit. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** The TCP keep-alive delay axios' http adapter sets on each request's socket; the agents use the same. */
const AXIOS_TCP_KEEP_ALIVE_MS = 60_000;

/** One call, ready to send. */
export interface TransportCall {
  method: EndpointName;
  /** Validated wire parameters in order, without the token. */
  wireParams: Record<string, unknown>;
  mailingId?: number;
  requestId: string;
  timeoutMs: number;
  /** String forms of the call's `sensitiveValues`, redacted like the token. */
  sensitive?: readonly string[];
}

/** A decoded result and how the platform answered. */
export interface TransportResult<T> {
  value: T;
  meta: CallMeta;
}

type AttemptOutcome = { ok: true; envelope: Envelope; answer: HttpAnswer } | { ok: false; error: AltcraftError };

/** The HTTP side of a client. Holds the token, so it keeps its settings out of enumeration and inspection. */
export class Transport {
  declare private readonly settings: Omit<ResolvedOptions, "token">;
  declare private readonly token: () => string;
  declare private readonly http: AxiosInstance;
  declare private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(settings: ResolvedOptions) {
    // Axios turns TCP keep-alive on with a 60 s delay on every request's socket, and an agent sets its own
    // `keepAliveMsecs` (1 s by default) each time the socket goes back to the pool: with different values each call
    // made two to four setsockopt calls (about 40 µs). The same value makes both a no-op after the first.
    const agentOptions = { keepAlive: true, keepAliveMsecs: AXIOS_TCP_KEEP_ALIVE_MS };
    const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    const instance = axios.create({
      // Named, so axios does not probe its adapter list on every request.
      adapter: "http",
      httpAgent: agents.http,
      httpsAgent: agents.https,
      responseType: "arraybuffer",
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: settings.maxResponseBytes,
      maxBodyLength: MAX_REQUEST_BYTES,
      // Axios reads HTTP(S)_PROXY and NO_PROXY from the environment. A loopback server is never reached through a
      // proxy: that would carry the token (in clear, for http://) to another process or machine. Other hosts follow
      // the environment, NO_PROXY included; https:// goes through a CONNECT tunnel, so the proxy sees no request.
      ...(isLoopbackHost(new URL(settings.baseUrl).hostname) ? { proxy: false as const } : {}),
    });
    // The token lives only in a closure, so even util.inspect with showHidden cannot print it.
    const { token, ...visible } = settings;
    hide(this, "settings", visible);
    hide(this, "token", () => token);
    hide(this, "http", instance);
    hide(this, "agents", agents);
  }

  /** The normalised base URL (holds no secret). */
  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  /** The wire format requests use. */
  get format(): ResolvedOptions["format"] {
    return this.settings.format;
  }

  /** The client's per-attempt timeout, used when a call gives none. */
  get timeoutMs(): number {
    return this.settings.timeoutMs;
  }

  /** Sends `call`, retrying as the policy allows, and decodes the successful envelope with `decode`. */
  async call<T>(call: TransportCall, decode: (envelope: Envelope) => T): Promise<TransportResult<T>> {
    const s = this.settings;
    const token = this.token();
    const endpoint = ENDPOINTS[call.method];
    // Bytes once: axios would otherwise convert the string again on every attempt.
    const body = Buffer.from(encodeRequestBody(s.format, call.wireParams, token, s.tokenPlacement), "utf8");
    const size = body.length;
    if (size > MAX_REQUEST_BYTES) {
      throw new AltcraftValidationError(call.method, "params", `encode to ${size} bytes, more than the platform's ${MAX_REQUEST_BYTES}-byte request limit`);
    }
    const headers = requestHeaders({ format: s.format, token, placement: s.tokenPlacement, requestId: call.requestId, userAgent: s.userAgent });
    const secrets = [token, ...(call.sensitive ?? [])];
    // Compiled only when a retry needs it: a call that succeeds first time never redacts anything.
    let redact: ((text: string) => string) | undefined;
    const ctx: CallContext = {
      endpoint,
      requestId: call.requestId,
      ...(call.mailingId !== undefined ? { mailingId: call.mailingId } : {}),
      token,
      ...(call.sensitive !== undefined ? { sensitive: call.sensitive } : {}),
      format: s.format,
      timeoutMs: call.timeoutMs,
      maxResponseBytes: s.maxResponseBytes,
    };
    const url = joinUrl(s.baseUrl, endpointPath(call.method));

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(url, body, headers, ctx);
      if (outcome.ok) {
        const { envelope, answer } = outcome;
        let value: T;
        try {
          value = decode(envelope);
        } catch (problem) {
          if (!(problem instanceof SchemaError)) throw problem;
          throw finalizeError(errorFromSchema(ctx, answer.status, answer.body, problem), secrets, attempt);
        }
        return { value, meta: { requestId: call.requestId, duplicate: isDuplicateAnswer(answer.headers), attempts: attempt } };
      }
      const { error } = outcome;
      if (!shouldRetry(error, attempt, s.maxRetries)) throw finalizeError(error, secrets, attempt);
      const delayMs = retryDelayMs({
        retryIndex: attempt - 1,
        ...("retryAfterMs" in error && typeof error.retryAfterMs === "number" ? { retryAfterMs: error.retryAfterMs } : {}),
        baseMs: s.retryBaseMs,
        maxMs: s.retryMaxMs,
        maxRetryAfterMs: s.maxRetryAfterMs,
        random: s.random,
      });
      s.onRetry?.({
        endpoint,
        attempt,
        delayMs,
        reason: (redact ??= compileRedactor(secrets))(error.message),
        requestId: call.requestId,
        ...("httpStatus" in error && typeof error.httpStatus === "number" ? { httpStatus: error.httpStatus } : {}),
      });
      await s.sleep(delayMs);
    }
  }

  /** Removes the token and the given sensitive strings from every string in `value` (e.g. an error about a parameter that held one). */
  scrub<T>(value: T, sensitive: readonly string[] = []): T {
    return redactDeep(value, [this.token(), ...sensitive]);
  }

  /** True when `text` holds any spelling of the token (e.g. a Request-ID that must not carry it). */
  containsToken(text: string): boolean {
    return tokenSpellings(this.token()).some((spelling) => text.includes(spelling));
  }

  /** Frees the keep-alive sockets. The client stays usable: new sockets open on the next call. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async attempt(url: string, body: Buffer, headers: Record<string, string>, ctx: CallContext): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    // A total deadline for the attempt. Axios' own `timeout` is not set: it only watches socket inactivity (which a
    // trickling server can keep resetting), always fires after this deadline, and costs two more timers per request.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ctx.timeoutMs);
    try {
      const response = await this.http.request<unknown>({
        method: "POST",
        url,
        data: body,
        headers,
        signal: controller.signal,
      });
      const answer: HttpAnswer = { status: response.status, headers: lowerCaseHeaders(response.headers), body: bodyText(response.data) };
      const outcome = classifyAnswer(ctx, answer, Date.now());
      return outcome.ok ? { ok: true, envelope: outcome.envelope, answer } : outcome;
    } catch (failure) {
      return { ok: false, error: errorFromFailure(ctx, failure, timedOut) };
    } finally {
      clearTimeout(timer);
    }
  }
}

function hide(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: false });
}

function bodyText(data: unknown): string {
  const text = Buffer.isBuffer(data)
    ? data.toString("utf8")
    : data instanceof ArrayBuffer
      ? Buffer.from(data).toString("utf8")
      : typeof data === "string"
        ? data
        : "";
  // A UTF-8 byte-order mark would make JSON.parse fail on an otherwise valid envelope.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Axios' response headers (an AxiosHeaders holding Node's already lower-case names as own properties) as plain strings. */
function lowerCaseHeaders(headers: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (typeof headers !== "object" || headers === null) return out;
  const plain = headers as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    const value = plain[key];
    if (value === undefined || value === null || value === false) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.map(String).join(", ") : String(value);
  }
  return out;
}
