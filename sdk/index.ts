/** The public surface of the Altcraft mailings client. */

export { AltcraftClient } from "./client";
export {
  ALLOWED_OPTIONS,
  DEFAULT_FORMAT,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_BASE_MS,
  DEFAULT_RETRY_MAX_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOKEN_PLACEMENT,
  DEFAULT_USER_AGENT,
  MAX_RETRIES_LIMIT,
  MIN_TOKEN_LENGTH,
  type AltcraftClientOptions,
  type RetryEvent,
} from "./config";
export { ENV_BASE_URL, ENV_TOKEN, readEnv } from "./env";
export { Mailings, type ListAllOptions } from "./mailings";
export {
  ALTCRAFT_ERROR_BRAND,
  API_ERROR_CLASSES,
  AltcraftApiError,
  AltcraftConfigError,
  AltcraftConnectionError,
  AltcraftError,
  AltcraftHttpError,
  AltcraftResponseError,
  AltcraftTimeoutError,
  AltcraftValidationError,
  AuthenticationError,
  BadRequestError,
  MailingNotFoundError,
  PermissionError,
  PlanLimitError,
  isAltcraftApiError,
  isAltcraftConnectionError,
  isAltcraftError,
  isAltcraftTimeoutError,
  isMailingNotFoundError,
  isRetryableError,
  type AltcraftErrorKind,
} from "./errors";
export { REDACTED, redactDeep, redactToken } from "./redact";
export {
  RETRYABLE_CONNECTION_CODES,
  RETRYABLE_HTTP_STATUSES,
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  type RetryDelayInput,
} from "./retry";
export { isLoopbackHost } from "./base-url";
export { MAX_REQUEST_BYTES } from "./transport";
export { API_PREFIX, ENDPOINTS, MUTATING_ENDPOINTS, endpointPath, type EndpointName } from "./endpoints";
export { DEDUP_HEADERS, DEDUP_HEADER_SPELLINGS, ERROR_CODES, SUCCESS_TEXT } from "./codes";
export { isDuplicateAnswer } from "./dedup";
export { MIN_SENSITIVE_LENGTH } from "./sensitive";
export type * from "./types";
