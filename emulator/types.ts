/**
 * Public types of the local Altcraft API emulator. Seeds and snapshots are camelCase TypeScript objects;
 * everything that travels on the wire (params, envelopes) keeps the API's snake_case names.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { EndpointName } from "../sdk/endpoints";
import type { LogStats } from "./bounded-log";

export type { LogStats } from "./bounded-log";

/** The mailing types the API reports. */
export type EmulatedMailingType = "broadcast" | "regular" | "trigger" | "splittest";

/** An access group a mailing belongs to. */
export interface MailingGroup {
  id: number;
  name: string;
}

/** One message template as `campaigns/get` reports it (snake_case keys, e.g. `subject`, `from_email`, `message_id`). */
export type MessageTemplate = Record<string, string | number | boolean>;

/** A mailing to preload into the emulator. Only `id` is required; the rest gets documented defaults. */
export interface SeedMailing {
  id: number;
  /** @default "Mailing <id>" */
  name?: string;
  /** @default "regular" */
  type?: EmulatedMailingType;
  /** @default false */
  isActive?: boolean;
  /** @default false */
  isCompleted?: boolean;
  /**
   * A custom status string (e.g. one the docs do not list), shown until the next state change. When left out, or when
   * it is one of the derived strings "Completed" / "Active" / "Inactive", it is derived from the flags.
   */
  status?: string;
  /** @default "" */
  description?: string;
  /** @default [] */
  uiTags?: string[];
  /** @default [] */
  groups?: MailingGroup[];
  /** Audience source id. @default 1 */
  dataId?: number;
  /** @default "list" */
  dataType?: "list" | "segment";
  /** @default "email" */
  channel?: string;
  /** @default "" */
  subid?: string;
  /** @default false */
  forConfirm?: boolean;
  /** @default 1 */
  resourceId?: number;
  /** @default "emulator" */
  updatedUser?: string;
  /** RFC 3339. @default the emulator's clock at seeding time */
  updateTime?: string;
  /** Message templates returned by `campaigns/get` as `content`. @default [] */
  content?: MessageTemplate[];
}

/** One `campaigns/log_v2` entry. */
export interface MailingLogEntry {
  level: "DEBUG" | "INFO" | "WARNING" | "ERROR";
  message: string;
  /** "start" when a run began, "end" when it finished, "" otherwise. */
  state: "start" | "end" | "";
  /** RFC 3339. */
  time: string;
  value: string;
}

/** A snapshot of one emulated mailing: every seed field resolved, plus its log. */
export interface EmulatedMailing extends Required<SeedMailing> {
  log: MailingLogEntry[];
}

/** Where a request carried its token (never the token itself). */
export type TokenLocation = "body" | "header" | "query";

/** One HTTP request the emulator received on the API paths (admin requests are not recorded). */
export interface RecordedRequest {
  method: string;
  /** The path exactly as sent, without the query string. */
  path: string;
  /** The endpoint the path names, when it names one. */
  endpoint?: EndpointName;
  /** Lower-case header names; `authorization` is redacted. */
  headers: IncomingHttpHeaders;
  /** Parsed params without `token`; undefined when the body could not be parsed. */
  body: Record<string, unknown> | undefined;
  /** The request's body format, from `Content-Type` (or sniffed when it is missing). */
  format: "json" | "xml";
  /** Where the token was found, so tests can assert token placement without seeing it. */
  tokenIn?: TokenLocation;
  /**
   * A short keyed hash of the token the request carried (compare with `emulator.tokenFingerprint(token)`); the token
   * itself is never recorded.
   */
  tokenFingerprint?: string;
  /** Set when the body was not kept: requests without an accepted token are recorded without their body. */
  bodyOmitted?: "unauthenticated";
  /** The Request-ID, read from the first of the configured `requestIdHeaders` the request carries. */
  requestId?: string;
  /** Epoch milliseconds from the emulator's clock. */
  at: number;
}

/** A call that really ran against the emulated state (not a de-dup replay, not stopped by a "before" fault). */
export interface Execution {
  endpoint: EndpointName;
  mailingId?: number;
  /** Validated, type-coerced snake_case params, without `token` and `format`. */
  params: Record<string, unknown>;
  requestId?: string;
  /** The envelope's `error` code the call produced (0 on success). */
  error: number;
  at: number;
}

/** The per-run parameters of an activate call with `run_now: true`. */
export interface RunParams {
  override_source_type?: "list" | "segment";
  override_source_id?: number;
  override_limit?: number;
  content?: Record<string, unknown>;
  attach?: unknown[];
}

/** A successful, executed activate call with `run_now: true`. */
export interface Launch {
  mailingId: number;
  runParams: RunParams;
  requestId?: string;
  at: number;
}

/** Answer with this HTTP status and body instead of the API's response (a gateway page by default). */
export interface StatusFault {
  type: "status";
  status: number;
  body?: string;
  /** @default "text/html; charset=utf-8" */
  contentType?: string;
}
/** Answer HTTP 429 with `Retry-After`. */
export interface RateLimitedFault {
  type: "rateLimited";
  /** @default 1 */
  retryAfterSeconds?: number;
}
/** Destroy the socket without any response. */
export interface ResetFault {
  type: "reset";
}
/** Never answer; the socket stays open until `close()` or `requestTimeoutMs`. */
export interface HangFault {
  type: "hang";
}
/** Wait, then answer normally. */
export interface DelayFault {
  type: "delay";
  ms: number;
}
/**
 * Answer with an API error envelope, as the platform itself would (e.g. 403 for a token that lacks a role). Unlike
 * the gateway faults, this is the API's own answer: in phase "before" nothing is executed and, with
 * `replayFailures`, the de-dup cache keeps it, so a repeat under the same Request-ID gets it again.
 */
export interface EnvelopeFault {
  type: "envelope";
  /** The envelope `error`, a positive integer. */
  error: number;
  /** @default "Emulated API error <error>" */
  errorText?: string;
  /** HTTP status. @default 200 */
  status?: number;
}
/** Answer with a raw body, e.g. truncated JSON. */
export interface MalformedFault {
  type: "malformed";
  body: string;
  /** @default "application/json; charset=utf-8" */
  contentType?: string;
  /** @default 200 */
  status?: number;
}
/** What a fault rule does to a matching request. */
export type Fault = StatusFault | RateLimitedFault | ResetFault | HangFault | DelayFault | MalformedFault | EnvelopeFault;

/**
 * A scripted fault. It matches requests by endpoint and mailing id and fires for the first `times`
 * matches (default 1), or, when `rate` is given, for each match with that probability.
 */
export interface FaultRule {
  /** @default "*" */
  endpoint?: EndpointName | "*";
  mailingId?: number;
  /** Fire for the first N matching requests. @default 1 (unlimited when `rate` is given) */
  times?: number;
  /** Fire for each matching request with this probability (0..1), drawn from the emulator's seeded random. */
  rate?: number;
  /**
   * "before": the call is not executed. "after": the call is executed (state changes, the de-dup cache keeps the
   * real response) and then the fault replaces the response.
   * @default "before"
   */
  phase?: "before" | "after";
  fault: Fault;
}

/** A fault rule still in force, with its bookkeeping. */
export interface ActiveFaultRule {
  id: number;
  rule: FaultRule;
  /** How many requests it has fired on. */
  fired: number;
  /** How many more times it fires; absent for unlimited `rate` rules. */
  remaining?: number;
}

/** Scripts faults for the next requests. */
export interface FaultController {
  /** Adds a rule; throws a clear error naming the bad field when the rule is invalid. */
  add(rule: FaultRule): void;
  /** Removes every rule. */
  clear(): void;
  /** The rules still in force, oldest first (exhausted rules are dropped). */
  list(): ActiveFaultRule[];
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (a free port) */
  port?: number;
  /** Accepted API tokens. @default ["emulator-token"] */
  tokens?: string[];
  /** Mailings to preload (after those of `seedFile`; the same id replaces). */
  mailings?: SeedMailing[];
  /** A JSON file holding an array of {@link SeedMailing} or `{ "mailings": [...] }`. */
  seedFile?: string;
  /** Request-ID de-duplication window. @default 86_400_000 (24 h, the platform's default) */
  dedupWindowMs?: number;
  /** Added to every API request, for benchmarks. @default 0 */
  latencyMs?: number;
  /** Answer HTTP 429 with `Retry-After` past this rate (token bucket, burst = one second's worth). */
  rateLimit?: { requestsPerSecond: number; retryAfterSeconds?: number };
  /** Sockets idle for this long are closed, so a hung request never holds a client forever. @default 120_000 */
  requestTimeoutMs?: number;
  /** The clock (epoch ms) behind timestamps, the de-dup window and the rate limit. @default Date.now */
  now?: () => number;
  /** The random source of `rate` fault rules, in [0, 1). @default a generator seeded with `randomSeed` */
  random?: () => number;
  /** Seed of the default random source. @default 1 */
  randomSeed?: number;
  /**
   * Most records kept in `requests` (and, separately, in `executions` and launches); the oldest are dropped.
   * @default 10_000
   */
  requestLogMaxEntries?: number;
  /** Byte budget of the same logs (bodies and headers as received); the oldest are dropped. @default 33_554_432 (32 MiB) */
  requestLogMaxBytes?: number;
  /** Most responses the de-dup cache keeps inside its window; the oldest are forgotten first. @default 100_000 */
  dedupMaxEntries?: number;
  /** Byte budget of the de-dup cache's responses. @default 67_108_864 (64 MiB) */
  dedupMaxBytes?: number;
  /**
   * Replay failed responses to a repeated request too. The docs: "the response to the repeated request will be the
   * same as the response to the original one", with no exception for failures. @default true
   */
  replayFailures?: boolean;
  /**
   * Names of the duplicate-marker headers: "current" = `Duplicate-Request` / `Duplicate-Key` (current docs),
   * "legacy" = `X-Duplicate-Request` / `X-Duplicate-Key` (older doc revisions). @default "current"
   */
  duplicateHeaderStyle?: DuplicateHeaderStyle;
  /** Send each duplicate-marker header twice, as a proxy that adds it again would (read as `true, true`). @default false */
  duplicateHeaderRepeated?: boolean;
  /**
   * Request headers read as the Request-ID, first present wins. Current docs: `Request-ID`; older revisions: an
   * `X-Request-ID`-style header. @default ["Request-ID"]
   */
  requestIdHeaders?: string[];
  /** Envelope `error` for an unknown mailing id. The real code is not documented. @default 404 (`ERROR_CODES.notFound`) */
  notFoundError?: number;
  /**
   * Extra `Host` names (or `name:port`) the admin API accepts besides loopback (`127.0.0.1`, `localhost`, `[::1]`)
   * and the bound address, e.g. a CI service name. Each is a DNS-rebinding risk only if an attacker controls that name.
   * @default []
   */
  adminHosts?: string[];
}

/** The duplicate-marker header spellings of the platform's de-duplication. */
export type DuplicateHeaderStyle = "current" | "legacy";

/** A running emulator. */
export interface Emulator {
  /** Base URL without the API prefix, e.g. "http://127.0.0.1:43123". */
  url: string;
  port: number;
  /**
   * The latest API requests received, oldest first, within `requestLogMaxEntries` / `requestLogMaxBytes`. The array is
   * live and cleared in place by `reset()`; `requestLogStats().received` counts every request ever received.
   */
  requests: RecordedRequest[];
  /** The latest executed calls, oldest first, within the same caps. Live, cleared in place by `reset()`. */
  executions: Execution[];
  /** Counters and caps of the request log (how many were received, dropped, and the bytes kept). */
  requestLogStats(): LogStats;
  /** The fingerprint `requests[].tokenFingerprint` holds for this token. */
  tokenFingerprint(token: string): string;
  /** The emulator's current time (epoch ms): the injected clock plus `advanceClock` offsets. */
  now(): number;
  /** Moves the emulator's clock forward (e.g. past the 24-hour de-dup window) without waiting. */
  advanceClock(ms: number): void;
  /**
   * Sets a mailing inactive as a pause in the Altcraft UI would: no API request, execution or log entry is recorded.
   * Throws when the mailing does not exist.
   */
  pauseMailing(id: number): void;
  /** Executed `run_now` activations, optionally of one mailing. */
  launches(mailingId?: number): Launch[];
  faults: FaultController;
  /** A snapshot of one mailing's current state. */
  mailing(id: number): EmulatedMailing | undefined;
  /** Snapshots of every mailing, ordered by id. */
  mailings(): EmulatedMailing[];
  /** Adds or replaces a mailing, e.g. to simulate drift made in the UI. */
  setMailing(m: SeedMailing): void;
  /** Removes a mailing, as if it was deleted in the UI. */
  removeMailing(id: number): void;
  /** Clears records, faults, the de-dup cache and the rate limit, and restores the initial seed. */
  reset(): void;
  /** Closes the server and destroys every socket, hanging ones included. */
  close(): Promise<void>;
}
