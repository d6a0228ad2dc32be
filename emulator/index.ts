/**
 * A local, stateful emulator of the Altcraft mailings User API, for tests, benchmarks, demos and users' CI.
 * See docs/emulator.md.
 */
export {
  startEmulator,
  DEFAULT_EMULATOR_TOKEN,
  DEFAULT_DEDUP_WINDOW_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_REQUEST_LOG_MAX_ENTRIES,
  DEFAULT_REQUEST_LOG_MAX_BYTES,
  DEFAULT_DEDUP_MAX_ENTRIES,
  DEFAULT_DEDUP_MAX_BYTES,
  DEFAULT_REQUEST_ID_HEADERS,
} from "./server";
export { DUPLICATE_HEADER_NAMES } from "./dedup";
export { ADMIN_PREFIX } from "./routing";
export { UNKNOWN_METHOD_ERROR, METHOD_NOT_ALLOWED_ERROR } from "./api-handler";
export { FaultRuleError } from "./faults";
export { SeedError, loadSeedFile } from "./seed";
export type {
  ActiveFaultRule,
  DelayFault,
  DuplicateHeaderStyle,
  EnvelopeFault,
  EmulatedMailing,
  EmulatedMailingType,
  Emulator,
  EmulatorOptions,
  Execution,
  Fault,
  FaultController,
  FaultRule,
  HangFault,
  Launch,
  LogStats,
  MailingGroup,
  MailingLogEntry,
  MalformedFault,
  MessageTemplate,
  RateLimitedFault,
  RecordedRequest,
  ResetFault,
  RunParams,
  SeedMailing,
  StatusFault,
  TokenLocation,
} from "./types";
