/** The shape of bench/results/latest.json. Times are milliseconds unless a name says otherwise. */

/** Percentiles of a set of timings. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Where the numbers were taken. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  os: string;
  /** 1-minute load average when the bench started and ended: above the core count, the numbers are noisy. */
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
}

/** One client-vs-raw pairing: the same body POSTed by the client and by `http.request`. */
export interface ClientVsRawCase {
  format: "json" | "xml";
  endpoint: "getStatus" | "activate";
  warmup: number;
  calls: number;
  clientMs: Summary;
  rawMs: Summary;
  /** Axios configured exactly as the client configures it, sending the same request: splits the overhead. */
  axiosMs: Summary;
  ratioP50: number;
  ratioP95: number;
  /** Client p50 minus raw p50, in microseconds. */
  overheadUsP50: number;
  /** The part of that overhead spent inside axios (axios p50 minus raw p50), in microseconds. */
  axiosUsP50: number;
  /** The part spent in the client's own code (client p50 minus axios p50), in microseconds. */
  clientOwnUsP50: number;
}

/** CPU cost of the client's own stages, measured in a loop without I/O. */
export interface ClientStageCosts {
  format: "json" | "xml";
  endpoint: "getStatus" | "activate";
  iterations: number;
  validateUs: number;
  encodeUs: number;
  decodeUs: number;
}

/** Client vs raw `http.request`, both over a keep-alive agent. */
export interface ClientVsRawResult {
  keepAlive: true;
  cases: ClientVsRawCase[];
  stages: ClientStageCosts[];
  /** The same comparison with the emulator adding 20 ms to every call, as a real server would. */
  atLatency: { latencyMs: number; calls: number; clientMs: Summary; rawMs: Summary; ratioP50: number };
}

/** One provider operation through the host vs the same client calls made directly. */
export interface ProviderOperationResult {
  operation: "check" | "create" | "read" | "update" | "delete";
  /** The API calls the operation makes, e.g. `activate + getStatus‖get`. */
  apiCalls: string;
  iterations: number;
  hostMs: Summary;
  directMs: Summary;
  overheadMsP50: number;
  overheadMsP95: number;
}

/** One phase (create, update or delete) of a stack-scale run. */
export interface StackPhaseResult {
  phase: "create" | "update" | "delete";
  apiCallsExpected: number;
  apiCallsMade: number;
  wallMs: number;
  /** From issuing the phase to its first API request reaching the emulator. */
  firstCallAfterMs: number;
  idealMs: number;
  /** Wall time over ideal: 1.0 is perfect. */
  ratioToIdeal: number;
  failures: number;
}

/** N mailings created, updated and deleted at once through one host. */
export interface StackScaleRun {
  mailings: number;
  phases: StackPhaseResult[];
  /** VmHWM of the host process after the run (it started fresh for this run). Null where /proc is unavailable. */
  hostPeakRssBytes: number | null;
}

/** Stack scale with emulator latency. */
export interface StackScaleResult {
  latencyMs: number;
  maxConcurrency: number;
  runs: StackScaleRun[];
}

/** One phase under the rate limit; it starts with a full token bucket. */
export interface RateLimitPhase {
  phase: "create" | "update" | "delete";
  wallMs: number;
  /** From issuing the phase to its first API request reaching the emulator (host and gRPC work: Check, then the RPCs). */
  firstCallAfterMs: number;
  /** From the first API request to the last. */
  apiWindowMs: number;
  successfulCalls: number;
  rejected429: number;
  /** (calls − burst) ÷ (rate × seconds); null when the phase made no more calls than the burst (the limit never bound). */
  efficiency: number | null;
  /** The same over the API window only: how well the provider's limiter used the rate once calls were flowing. */
  apiWindowEfficiency: number | null;
  failures: number;
}

/** Create, update and delete against an emulator that answers 429 past a rate; totals over the three phases. */
export interface RateLimitResult {
  requestsPerSecond: number;
  /** The emulator's token bucket starts full with one second's worth of requests. */
  burst: number;
  latencyMs: number;
  maxConcurrency: number;
  mailings: number;
  successfulCalls: number;
  rejected429: number;
  wallMs: number;
  achievedPerSecond: number;
  /** Over the phases the limit bound: calls past each phase's burst per second, as a share of the rate. */
  efficiency: number;
  /** The same over the phases' API windows (first to last request), leaving out host start-up work. */
  apiWindowEfficiency: number;
  failures: number;
  /** The first few failure messages, token-free. */
  failureSamples: string[];
  phases: RateLimitPhase[];
}

/** Bytes in state for one resource. */
export interface ResourceStateSize {
  label: string;
  /** Outputs without `__provider`, as JSON. */
  outputsBytes: number;
  /** `__provider` plus those outputs: the goal's measure. */
  providerPlusOutputsBytes: number;
  /** The whole state entry the engine keeps (id, inputs and outputs, each bag carrying `__provider`). */
  stateEntryBytes: number;
}

/** State size. */
export interface StateSizeResult {
  providerBytes: number;
  resources: ResourceStateSize[];
}

/** Host cold start: spawn → port → Configure → first Check answered. */
export interface ColdStartResult {
  samples: number;
  totalMs: Summary;
  /** Medians of the parts. */
  spawnToReadyMsP50: number;
  configureMsP50: number;
  firstCheckMsP50: number;
}

/** One row of the goals table. */
export interface GoalRow {
  metric: string;
  goal: string;
  measured: string;
  /** Null when the metric has no goal (reported for information). */
  pass: boolean | null;
}

/** Everything one bench run produced. */
export interface BenchResults {
  schemaVersion: 1;
  generatedAt: string;
  mode: "full" | "quick";
  durationSeconds: number;
  machine: MachineInfo;
  clientVsRaw: ClientVsRawResult;
  providerOverhead: ProviderOperationResult[];
  stackScale: StackScaleResult;
  rateLimit: RateLimitResult;
  state: StateSizeResult;
  memory: { mailings: number; hostPeakRssBytes: number | null };
  coldStart: ColdStartResult;
  goals: GoalRow[];
  notes: string[];
}
