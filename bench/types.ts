import type { CallFloor } from "./call-floor";
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
  /**
   * CPU time of this process per call (user + system, µs, the mean over the measured calls): what each sender costs
   * the one thread of the process that runs it, which a provider host shares with everything else it does.
   */
  cpuUsPerCall: { client: number; axios: number; raw: number };
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
  /** getStatus with the emulator adding 20 ms to every call, as a real server would: one entry per format. */
  atLatency: {
    format: "json" | "xml";
    latencyMs: number;
    calls: number;
    clientMs: Summary;
    rawMs: Summary;
    /** Axios configured as the client's transport, sending the same request: what axios alone costs at this latency. */
    axiosMs: Summary;
    ratioP50: number;
    ratioMean: number;
    /** Axios alone ÷ raw at p50. */
    axiosRatioP50: number;
  }[];
}

/** API calls one resource costs in one scenario, counted at the server; the worst of the resources tried. */
export interface OperationCalls {
  scenario: "create" | "adopt" | "updateRun" | "refresh" | "delete" | "previewCreate" | "previewUpdate";
  description: string;
  resources: number;
  maxCalls: number;
  maxReads: number;
  maxWrites: number;
  /** Per resource on average, e.g. `campaigns/activate + campaigns/get`. */
  endpoints: string;
  /** The write endpoints seen, e.g. `["campaigns/activate"]`. */
  writeEndpoints: string[];
  /** Anything that makes the window not what the scenario means (a failed step, a different engine op). */
  problems: string[];
}

/** One phase (create, update or delete) of a stack-scale run. */
export interface StackPhaseResult {
  phase: "create" | "update" | "delete";
  /** API calls the server answered during the phase (every RPC of it: Check, Diff, Create/Update/Delete). */
  calls: number;
  reads: number;
  writes: number;
  wallMs: number;
  msPerMailing: number;
  /** From issuing the phase (the first registration) to its first API request reaching the server. */
  firstCallAfterMs: number;
  /** From the first Create/Update/Delete RPC to the next API request reaching the server; null if none came. */
  firstCallAfterFirstRpcMs: number | null;
  /** ⌈calls ÷ concurrency⌉ × latency, with the calls counted. */
  idealMs: number;
  /** Wall time over ideal: 1.0 is perfect. */
  ratioToIdeal: number;
  failures: number;
  failureSamples: string[];
  /** CPU time each process used during the phase (ms): the provider host, the emulator, and the bench (playing the engine). */
  cpuMs?: { host: number | null; emulator: number | null; driver: number };
}

/** N mailings created, updated and deleted at once through one host. */
export interface StackScaleRun {
  mailings: number;
  phases: StackPhaseResult[];
  /** At the goal size: the same numbers of calls made straight at the emulator, raw and through the client. */
  floors?: CallFloor[];
  /** The largest VmHWM of the run's three hosts (one per phase). Null where /proc is unavailable. */
  hostPeakRssBytes: number | null;
}

/** Stack scale with emulator latency. */
export interface StackScaleResult {
  latencyMs: number;
  maxConcurrency: number;
  verifyOnPreview: boolean;
  /** One run per size at `pulumi up`'s default `--parallel` (4 × CPUs): the goals are judged on these. */
  runs: StackScaleRun[];
  /** The engine's default `--parallel` on this machine. */
  parallel: number;
  /** The goal size again with a wider `--parallel`, reported beside the goal. */
  wide?: StackScaleRun & { parallel: number };
  /**
   * The goal size through bench/floor-provider.js (the same API calls, no provider work), at the default and the
   * wide `--parallel`, over a bare `http.request` and over axios: what the host, the engine protocol and this machine
   * cost on their own, and what axios adds.
   */
  hostFloor?: HostFloorRun[];
}

/** One run of the goal size through the floor provider. */
export type HostFloorRun = StackScaleRun & { parallel: number; transport: "http" | "axios" };

/** One preview of N mailings through a fresh host. */
export interface PreviewCase {
  verifyOnPreview: boolean;
  /** "new": Check of resources not in state; "change": Check → Diff of resources in state with changed inputs. */
  kind: "new" | "change";
  wallMs: number;
  msPerMailing: number;
  reads: number;
  writes: number;
  failures: number;
}

/** Previews of N mailings, with and without `altcraft:verifyOnPreview`. */
export interface PreviewScaleResult {
  mailings: number;
  latencyMs: number;
  maxConcurrency: number;
  cases: PreviewCase[];
}

/** The mailings-file loader on a generated file. */
export interface LoaderResult {
  entries: number;
  fileBytes: number;
  timeoutMs: number;
  /** From the `loadMailingsFile` call to its return; null when it failed or was stopped. */
  ms: number | null;
  loadedEntries: number | null;
  error: string | null;
}

/** Load cost of one package (or part of this one) in the host. */
export interface ModuleGroupCost {
  group: string;
  modules: number;
  /** Time spent loading the group's own files (an exact split of all load time). */
  selfMs: number;
  /** Time of the group's first loads with everything they pulled in. */
  loadMs: number;
  /** The file that first required it. */
  loadedBy: string;
  /** "provider" when this package's code is among its requirers; "host" for Pulumi's own host. */
  phase: "host" | "provider";
}

/** A module the provider process should not need, and what it costs. */
export interface UnneededModule {
  group: string;
  why: string;
  loaded: boolean;
  /** Its load time in the host with what it pulled in, in ms. */
  loadMs: number | null;
  requiredBy: string | null;
  /** Required alone in a fresh Node.js process: load time, and RSS and heap added after GC. */
  standalone: { ms: number; rssBytes: number; heapBytes: number } | null;
}

/** Memory of the host process at one moment. */
export interface HostMemorySnapshot {
  rssBytes: number;
  peakRssBytes: number | null;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  mallocedBytes: number;
  /** V8 heap spaces over 1 MB used. */
  spaces: { name: string; usedBytes: number }[];
  modules: number;
}

/** Where the host's cold start and memory go (host-profile.ts). */
export interface HostProfileResult {
  /** Spawn → first answered Check with the probe loaded (slower than the measured cold start). */
  coldStartMs: number;
  /** Node.js start-up before the first module of the host loads. */
  bootToProbeMs: number;
  moduleLoadMs: { host: number; provider: number };
  modules: { host: number; provider: number };
  /** The packages that cost most to load, by self time. */
  groups: ModuleGroupCost[];
  /** CPU time by package from the probe's start to the first answered Check. */
  cpu: { totalMs: number; slices: { group: string; ms: number }[] };
  unneeded: UnneededModule[];
  memoryAtColdStart: HostMemorySnapshot;
  memoryAfter: { mailings: number } & HostMemorySnapshot;
  /** The same host right after a full garbage collection: what is live, not what V8 has not collected yet. */
  memoryAfterGc?: HostMemorySnapshot;
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
  /** The same with bench/floor-provider.js in place of this package: Pulumi's host and a provider that loads nothing. */
  floor?: ColdStartResult;
}

/** One row of the goals table. */
export interface GoalRow {
  /** A stable key, e.g. `calls.create` or `scale.create.ratio`. */
  id: string;
  metric: string;
  goal: string;
  measured: string;
  /** Null when the goal is to report the figure. */
  pass: boolean | null;
}

/** Everything one bench run produced. */
export interface BenchResults {
  schemaVersion: 2;
  generatedAt: string;
  mode: "full" | "quick";
  durationSeconds: number;
  machine: MachineInfo;
  callCounts: OperationCalls[];
  clientVsRaw: ClientVsRawResult;
  stackScale: StackScaleResult;
  /** The stack size the goals are judged at. */
  goalSize: number;
  preview: PreviewScaleResult;
  rateLimit: RateLimitResult;
  state: StateSizeResult;
  memory: { mailings: number; hostPeakRssBytes: number | null };
  coldStart: ColdStartResult;
  hostProfile: HostProfileResult;
  loader: LoaderResult;
  goals: GoalRow[];
  notes: string[];
}
