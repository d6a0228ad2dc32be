/**
 * The one place that turns what came back from the wire (an HTTP answer, a transport failure, a body that does not fit
 * its schema) into the client's typed errors. Transport errors (AxiosError) are read here and never leave the client:
 * they hold the request config, body and headers, token included.
 */

import { isAxiosError } from "axios";
import { withoutCredentials } from "./base-url";
import { parseEnvelope, type Envelope } from "./envelope";
import {
  AltcraftConnectionError,
  AltcraftError,
  AltcraftHttpError,
  AltcraftResponseError,
  AltcraftTimeoutError,
  apiErrorFor,
} from "./errors";
import { bodySnippet, redactDeep, redactToken } from "./redact";
import { isRetryableConnectionCode, isRetryableHttpStatus, parseRetryAfterMs } from "./retry";
import type { SchemaError } from "./schema";
import type { WireFormat } from "./types";

/** What the factory knows about the call an answer or failure belongs to. */
export interface CallContext {
  /** The endpoint path, e.g. `campaigns/activate/`. */
  endpoint: string;
  requestId: string;
  mailingId?: number;
  token: string;
  /** String forms of the call's `sensitiveValues`: removed, like the token, from everything an error carries. */
  sensitive?: readonly string[];
  format: WireFormat;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** An HTTP answer: status, lower-case headers, body text. */
export interface HttpAnswer {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

/** An envelope with `error: 0`, or the error the answer stands for. */
export type AnswerOutcome = { ok: true; envelope: Envelope } | { ok: false; error: AltcraftError };

/** The longest `error_text` kept in a message; servers sometimes put whole stack traces there. */
const MAX_ERROR_TEXT = 500;

/**
 * Classifies an HTTP answer. The envelope's `error` decides, whatever the HTTP status; the status decides only when
 * the body is no envelope. Redirects are refused: following one would resend the token to another URL.
 */
export function classifyAnswer(ctx: CallContext, answer: HttpAnswer, nowMs: number): AnswerOutcome {
  const { status, headers, body } = answer;
  if (status >= 300 && status < 400) {
    const location = headers["location"];
    return {
      ok: false,
      error: new AltcraftHttpError({
        httpStatus: status,
        endpoint: ctx.endpoint,
        requestId: ctx.requestId,
        snippet: bodySnippet(body, secretsOf(ctx)),
        location: location === undefined ? "none" : bodySnippet(withoutCredentials(location), secretsOf(ctx), 300),
        retryable: false,
      }),
    };
  }
  const parsed = parseEnvelope(body, headers["content-type"], ctx.format);
  if (parsed.ok) {
    const { envelope } = parsed;
    if (envelope.error === 0) return { ok: true, envelope };
    const errorText = redactToken(envelope.errorText, secretsOf(ctx)).trim();
    return {
      ok: false,
      error: apiErrorFor({
        code: envelope.error,
        errorText: errorText.length > MAX_ERROR_TEXT ? `${errorText.slice(0, MAX_ERROR_TEXT)}…` : errorText,
        httpStatus: status,
        endpoint: ctx.endpoint,
        ...(ctx.mailingId !== undefined ? { mailingId: ctx.mailingId } : {}),
        requestId: ctx.requestId,
      }),
    };
  }
  if (status >= 200 && status < 300) {
    return { ok: false, error: responseError(ctx, status, parsed.problem, body) };
  }
  const retryAfterMs = parseRetryAfterMs(headers["retry-after"], nowMs);
  return {
    ok: false,
    error: new AltcraftHttpError({
      httpStatus: status,
      endpoint: ctx.endpoint,
      requestId: ctx.requestId,
      snippet: bodySnippet(body, secretsOf(ctx)),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      retryable: isRetryableHttpStatus(status),
    }),
  };
}

/** A body refused by a result schema: a 200 whose data has wrong types or misses required fields. */
export function errorFromSchema(ctx: CallContext, httpStatus: number, body: string, problem: SchemaError): AltcraftResponseError {
  return responseError(ctx, httpStatus, problem.message, body);
}

/**
 * A transport failure: no (complete) answer. `timedOut` is true when the client's own per-attempt timer fired.
 * Oversized bodies become {@link AltcraftResponseError}; everything else a connection or timeout error.
 */
export function errorFromFailure(ctx: CallContext, failure: unknown, timedOut: boolean): AltcraftError {
  if (timedOut) return new AltcraftTimeoutError(ctx.endpoint, ctx.requestId, ctx.timeoutMs);
  const code = failureCode(failure);
  const message = failure instanceof Error ? failure.message : String(failure);
  if (isAxiosError(failure) && (code === "ECONNABORTED" || code === "ETIMEDOUT") && /timeout/i.test(message)) {
    return new AltcraftTimeoutError(ctx.endpoint, ctx.requestId, ctx.timeoutMs);
  }
  if (/maxContentLength/.test(message)) {
    return responseError(ctx, statusOf(failure), `response larger than maxResponseBytes (${ctx.maxResponseBytes} bytes)`, "");
  }
  if (isAxiosError(failure) && failure.code === "ERR_BAD_RESPONSE" && /aborted/i.test(message)) {
    // The head arrived but the connection closed part-way through the body: a truncated response.
    return responseError(ctx, statusOf(failure), "truncated body: the connection closed before the whole body arrived", "");
  }
  if (!isAxiosError(failure)) {
    return connectionError(ctx, code ?? "UNKNOWN", message, false);
  }
  const cause = code ?? "UNKNOWN";
  return connectionError(ctx, cause, message, isRetryableConnectionCode(cause));
}

/** Makes an error final: removes the secrets from every string it holds and records the attempts made. */
export function finalizeError<E extends AltcraftError>(error: E, secrets: readonly string[], attempts?: number): E {
  if (attempts !== undefined) error.attempts = attempts;
  return redactDeep(error, secrets);
}

function responseError(ctx: CallContext, httpStatus: number, problem: string, body: string): AltcraftResponseError {
  return new AltcraftResponseError({
    endpoint: ctx.endpoint,
    httpStatus,
    requestId: ctx.requestId,
    problem: redactToken(problem, secretsOf(ctx)),
    snippet: bodySnippet(body, secretsOf(ctx)),
  });
}

function connectionError(ctx: CallContext, cause: string, detail: string, retryable: boolean): AltcraftConnectionError {
  return new AltcraftConnectionError({
    endpoint: ctx.endpoint,
    requestId: ctx.requestId,
    cause,
    detail: redactToken(detail, secretsOf(ctx)),
    retryable,
  });
}

/** Everything to redact for a call: the token and its sensitive strings. */
export function secretsOf(ctx: CallContext): readonly string[] {
  return ctx.sensitive === undefined || ctx.sensitive.length === 0 ? [ctx.token] : [ctx.token, ...ctx.sensitive];
}

/** The system error code of a failure: the AxiosError's own, else its cause's. */
function failureCode(failure: unknown): string | undefined {
  if (typeof failure !== "object" || failure === null) return undefined;
  const own = (failure as { code?: unknown }).code;
  if (typeof own === "string") return own;
  const cause = (failure as { cause?: { code?: unknown } }).cause?.code;
  return typeof cause === "string" ? cause : undefined;
}

/** The HTTP status of a response whose body failed part-way, when Node already parsed its head. */
function statusOf(failure: unknown): number {
  const status = (failure as { request?: { res?: { statusCode?: unknown } } } | null)?.request?.res?.statusCode;
  return typeof status === "number" ? status : 0;
}
