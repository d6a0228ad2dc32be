/**
 * A local, stateful emulator of the Altcraft mailings User API, for tests, benchmarks, demos and users' CI.
 * See docs/emulator.md.
 */
export { startEmulator, DEFAULT_EMULATOR_TOKEN, DEFAULT_DEDUP_WINDOW_MS, DEFAULT_REQUEST_TIMEOUT_MS } from "./server";
export { ADMIN_PREFIX } from "./routing";
export { UNKNOWN_METHOD_ERROR, METHOD_NOT_ALLOWED_ERROR } from "./api-handler";
export { FaultRuleError } from "./faults";
export { SeedError, loadSeedFile } from "./seed";
export type {
  ActiveFaultRule,
  DelayFault,
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
