/**
 * The client's error tree. Pulumi re-creates local modules from source inside the dynamic-provider host, so a thrown
 * error there is not `instanceof` the class the caller imported: every error carries a string brand and a `kind`,
 * the type guards read those, and constructors set `name` and `message` as own properties so they survive.
 */

import { ERROR_CODES } from "./codes";

/** The brand property every Altcraft error carries; the type guards test it instead of `instanceof`. */
export const ALTCRAFT_ERROR_BRAND = "__altcraftError";

/** What went wrong, in one word. */
export type AltcraftErrorKind = "api" | "http" | "response" | "connection" | "timeout" | "config" | "validation";

/** Base of every error the client throws. */
export class AltcraftError extends Error {
  /** Brand read by the type guards (see {@link isAltcraftError}). Set in the constructor: Pulumi's closure serializer drops class field initializers. */
  declare readonly __altcraftError: true;
  /** The error's category. */
  readonly kind: AltcraftErrorKind;
  /** True when repeating the same call may succeed (the client already retried up to `maxRetries`). */
  readonly retryable: boolean;
  /** How many HTTP attempts the call made before failing; absent for errors raised before sending. */
  declare attempts?: number;

  constructor(kind: AltcraftErrorKind, message: string, retryable: boolean) {
    super(message);
    this.__altcraftError = true;
    this.name = "AltcraftError";
    this.message = message;
    this.kind = kind;
    this.retryable = retryable;
  }

  /** True for any Altcraft error, also one thrown by a re-created copy of this module. */
  static isInstance(value: unknown): value is AltcraftError {
    return isAltcraftError(value);
  }
}

/** A client option is missing or invalid. Raised by the constructor; `option` names it. */
export class AltcraftConfigError extends AltcraftError {
  /** The option at fault, e.g. `timeoutMs`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super("config", message, false);
    this.name = "AltcraftConfigError";
    this.message = message;
    this.option = option;
  }
}

/** A method parameter or call option is invalid; nothing was sent. */
export class AltcraftValidationError extends AltcraftError {
  /** The client method, e.g. `activate`. */
  readonly method: string;
  /** The parameter at fault, e.g. `overrideLimit` or `content.title`. */
  readonly field: string;

  constructor(method: string, field: string, problem: string) {
    const message = `${method}: ${field} ${problem}`;
    super("validation", message, false);
    this.name = "AltcraftValidationError";
    this.message = message;
    this.method = method;
    this.field = field;
  }
}

/** What an Altcraft error envelope said about a call. */
export interface ApiErrorDetails {
  /** The envelope's non-zero `error`. */
  code: number;
  /** The envelope's `error_text` (token removed). */
  errorText: string;
  /** The HTTP status that carried the envelope (often 200). */
  httpStatus: number;
  /** The endpoint path, e.g. `campaigns/activate/`. */
  endpoint: string;
  /** The mailing the call was about, when it had one. */
  mailingId?: number;
  /** The Request-ID the call carried. */
  requestId: string;
}

/** The platform answered with an envelope whose `error` is not 0. Never retried: the answer is final. */
export class AltcraftApiError extends AltcraftError {
  readonly code: number;
  readonly errorText: string;
  readonly httpStatus: number;
  readonly endpoint: string;
  declare readonly mailingId?: number;
  readonly requestId: string;

  constructor(details: ApiErrorDetails, hint?: string) {
    const message = apiErrorMessage(details, hint);
    super("api", message, false);
    this.name = "AltcraftApiError";
    this.message = message;
    this.code = details.code;
    this.errorText = details.errorText;
    this.httpStatus = details.httpStatus;
    this.endpoint = details.endpoint;
    if (details.mailingId !== undefined) this.mailingId = details.mailingId;
    this.requestId = details.requestId;
  }
}

/** `error` 400: the request was malformed or a parameter was invalid. */
export class BadRequestError extends AltcraftApiError {
  constructor(details: ApiErrorDetails) {
    super(details);
    this.name = "BadRequestError";
  }
}

/** `error` 401: the platform did not accept the token (missing, wrong or revoked). */
export class AuthenticationError extends AltcraftApiError {
  constructor(details: ApiErrorDetails) {
    super(details, "the API token is missing or was not accepted; pass the `token` option or set ALTCRAFT_TOKEN");
    this.name = "AuthenticationError";
  }
}

/** `error` 402: the account's plan (tariff) limit is reached. */
export class PlanLimitError extends AltcraftApiError {
  constructor(details: ApiErrorDetails) {
    super(details);
    this.name = "PlanLimitError";
  }
}

/** `error` 403: the token lacks a role, or access to the mailing's object group. */
export class PermissionError extends AltcraftApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "the API token lacks a role or object-group access this method needs; check the token's roles and its group access under Settings → Tokens",
    );
    this.name = "PermissionError";
  }
}

/** `error` 404 (this project's not-found code, shared with the emulator): no such mailing. */
export class MailingNotFoundError extends AltcraftApiError {
  constructor(details: ApiErrorDetails) {
    super(details);
    this.name = "MailingNotFoundError";
  }
}

/** What an HTTP answer without an Altcraft envelope looked like. */
export interface HttpErrorDetails {
  httpStatus: number;
  endpoint: string;
  requestId: string;
  /** A short, token-free start of the body. */
  snippet: string;
  /** The server's Retry-After, converted to milliseconds (uncapped). */
  retryAfterMs?: number;
  /** Where a refused redirect pointed (token removed). */
  location?: string;
  retryable: boolean;
}

/** A non-2xx answer with no Altcraft envelope (gateway pages, 429, refused redirects). */
export class AltcraftHttpError extends AltcraftError {
  readonly httpStatus: number;
  readonly endpoint: string;
  readonly requestId: string;
  readonly snippet: string;
  declare readonly retryAfterMs?: number;
  declare readonly location?: string;

  constructor(details: HttpErrorDetails) {
    const message =
      details.location !== undefined || (details.httpStatus >= 300 && details.httpStatus < 400)
        ? `${details.endpoint}: HTTP ${details.httpStatus} redirect refused (Location: ${details.location ?? "none"}); check baseUrl`
        : `${details.endpoint}: HTTP ${details.httpStatus} without an Altcraft envelope${details.snippet ? `: ${details.snippet}` : ""}`;
    super("http", message, details.retryable);
    this.name = "AltcraftHttpError";
    this.message = message;
    this.httpStatus = details.httpStatus;
    this.endpoint = details.endpoint;
    this.requestId = details.requestId;
    this.snippet = details.snippet;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.location !== undefined) this.location = details.location;
  }
}

/** What was wrong with a body that should have been an envelope. */
export interface ResponseErrorDetails {
  endpoint: string;
  httpStatus: number;
  requestId: string;
  /** Why the body was refused, e.g. `data.is_active must be a boolean, got "yes"`. */
  problem: string;
  /** A short, token-free start of the body. */
  snippet: string;
}

/** The body is not a valid envelope: HTML, truncated, invalid JSON/XML, wrong field types, or too large. Not retried. */
export class AltcraftResponseError extends AltcraftError {
  readonly endpoint: string;
  readonly httpStatus: number;
  readonly requestId: string;
  readonly problem: string;
  readonly snippet: string;

  constructor(details: ResponseErrorDetails) {
    const message = `${details.endpoint}: invalid response (HTTP ${details.httpStatus}): ${details.problem}${
      details.snippet ? `; body starts: ${details.snippet}` : ""
    }`;
    super("response", message, false);
    this.name = "AltcraftResponseError";
    this.message = message;
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.problem = details.problem;
    this.snippet = details.snippet;
  }
}

/** How a connection failed. */
export interface ConnectionErrorDetails {
  endpoint: string;
  requestId: string;
  /** The system error code, e.g. `ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`. */
  cause: string;
  /** The transport's own words (token removed). */
  detail: string;
  retryable: boolean;
}

/** No usable answer arrived: the connection was refused, reset, or the host is unknown. */
export class AltcraftConnectionError extends AltcraftError {
  readonly endpoint: string;
  readonly requestId: string;
  /** The system error code (a string, never the transport's error object, which holds the request and its token). */
  override readonly cause: string;

  constructor(details: ConnectionErrorDetails, message?: string, kind: AltcraftErrorKind = "connection") {
    const text = message ?? `${details.endpoint}: connection failed (${details.cause}): ${details.detail}`;
    super(kind, text, details.retryable);
    this.name = "AltcraftConnectionError";
    this.message = text;
    this.endpoint = details.endpoint;
    this.requestId = details.requestId;
    this.cause = details.cause;
  }
}

/** An attempt got no complete answer within `timeoutMs`. Retried. */
export class AltcraftTimeoutError extends AltcraftConnectionError {
  /** The per-attempt limit that was exceeded. */
  readonly timeoutMs: number;

  constructor(endpoint: string, requestId: string, timeoutMs: number) {
    const message = `${endpoint}: no complete response within ${timeoutMs} ms (timeoutMs)`;
    super({ endpoint, requestId, cause: "ETIMEDOUT", detail: "timeout", retryable: true }, message, "timeout");
    this.name = "AltcraftTimeoutError";
    this.message = message;
    this.timeoutMs = timeoutMs;
  }
}

function apiErrorMessage(details: ApiErrorDetails, hint: string | undefined): string {
  const mailing = details.mailingId !== undefined ? ` (mailing ${details.mailingId})` : "";
  const text = details.errorText ? ` ${details.errorText}` : "";
  return `${details.endpoint}: ${details.code}${text}${mailing}${hint ? `: ${hint}` : ""}`;
}

/** The class for each known envelope code; any other non-zero code becomes a plain {@link AltcraftApiError}. */
export const API_ERROR_CLASSES: Readonly<Record<number, new (details: ApiErrorDetails) => AltcraftApiError>> = {
  [ERROR_CODES.badRequest]: BadRequestError,
  [ERROR_CODES.unauthorized]: AuthenticationError,
  [ERROR_CODES.planLimit]: PlanLimitError,
  [ERROR_CODES.forbidden]: PermissionError,
  [ERROR_CODES.notFound]: MailingNotFoundError,
};

/** Builds the API error subclass that matches the envelope code. */
export function apiErrorFor(details: ApiErrorDetails): AltcraftApiError {
  const ErrorClass = API_ERROR_CLASSES[details.code] ?? AltcraftApiError;
  return new ErrorClass(details);
}

function hasBrand(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[ALTCRAFT_ERROR_BRAND] === true;
}

/** True for any error thrown by this client, also from a re-created copy of the code (no `instanceof`). */
export function isAltcraftError(value: unknown): value is AltcraftError {
  return hasBrand(value) && typeof value["kind"] === "string";
}

/** True when the platform answered with a non-zero `error` envelope. */
export function isAltcraftApiError(value: unknown): value is AltcraftApiError {
  return isAltcraftError(value) && value.kind === "api" && typeof (value as { code?: unknown }).code === "number";
}

/** True when the platform reported the mailing as not found (`error` 404). */
export function isMailingNotFoundError(value: unknown): value is MailingNotFoundError {
  return isAltcraftApiError(value) && value.code === ERROR_CODES.notFound;
}

/** True for connection failures, timeouts included. */
export function isAltcraftConnectionError(value: unknown): value is AltcraftConnectionError {
  return isAltcraftError(value) && (value.kind === "connection" || value.kind === "timeout");
}

/** True when an attempt ran out of `timeoutMs`. */
export function isAltcraftTimeoutError(value: unknown): value is AltcraftTimeoutError {
  return isAltcraftError(value) && value.kind === "timeout";
}

/** True when the same call may succeed if repeated later (connection trouble, timeouts, 429 and gateway 5xx). */
export function isRetryableError(value: unknown): boolean {
  return isAltcraftError(value) && value.retryable === true;
}
