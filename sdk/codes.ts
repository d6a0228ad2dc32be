/**
 * The `error` codes of the Altcraft response envelope. 0, 400, 401, 402 and 403 are documented;
 * the platform's "not found" code is not, so 404 is this project's choice, shared by the emulator
 * and by the client's `isMailingNotFound` predicate so the two can never disagree.
 */
export const ERROR_CODES = {
  success: 0,
  badRequest: 400,
  unauthorized: 401,
  planLimit: 402,
  forbidden: 403,
  notFound: 404,
} as const;

/** The `error_text` the platform sends with `error: 0`. */
export const SUCCESS_TEXT = "Successful operation";

/** Headers of the platform's request de-duplication (the spellings current versions use). */
export const DEDUP_HEADERS = {
  requestId: "Request-ID",
  duplicate: "Duplicate-Request",
  duplicateKey: "Duplicate-Key",
} as const;

/**
 * Every spelling of the de-duplication headers: older platform versions document `X-Request-ID` and send
 * `X-Duplicate-Request` / `X-Duplicate-Key`. The client sends both Request-ID spellings and reads every marker.
 */
export const DEDUP_HEADER_SPELLINGS = {
  requestId: ["Request-ID", "X-Request-ID"],
  duplicate: ["Duplicate-Request", "X-Duplicate-Request"],
  duplicateKey: ["Duplicate-Key", "X-Duplicate-Key"],
} as const;
