/** The state one running emulator shares between its request handlers. */
import type { DedupCache } from "./dedup";
import type { FaultEngine } from "./faults";
import type { TokenBucket } from "./rate-limit";
import type { MailingStore } from "./store";
import type { Timers } from "./timers";
import type { BoundedLog } from "./bounded-log";
import type { DuplicateHeaderStyle, Execution, Launch, RecordedRequest } from "./types";

/** Everything a request handler needs; built once by `startEmulator`. */
export interface EmulatorContext {
  store: MailingStore;
  dedup: DedupCache;
  faults: FaultEngine;
  rateLimit: TokenBucket | undefined;
  tokens: ReadonlySet<string>;
  now: () => number;
  timers: Timers;
  latencyMs: number;
  requests: BoundedLog<RecordedRequest>;
  executions: BoundedLog<Execution>;
  launches: BoundedLog<Launch>;
  /** Keyed hash of a token for the records; the token itself is never stored. */
  fingerprint: (token: string) => string;
  /** See `EmulatorOptions.replayFailures`. */
  replayFailures: boolean;
  duplicateHeaderStyle: DuplicateHeaderStyle;
  duplicateHeaderRepeated: boolean;
  /** Lower-case header names read as the Request-ID, in order. */
  requestIdHeaders: readonly string[];
  /** Envelope `error` for an unknown mailing. */
  notFoundError: number;
}
