/** The state one running emulator shares between its request handlers. */
import type { DedupCache } from "./dedup";
import type { FaultEngine } from "./faults";
import type { TokenBucket } from "./rate-limit";
import type { MailingStore } from "./store";
import type { Timers } from "./timers";
import type { Execution, Launch, RecordedRequest } from "./types";

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
  requests: RecordedRequest[];
  executions: Execution[];
  launches: Launch[];
}
