/**
 * The transient-fault matrix as data: which faults, which sequences, which provider operations. Pure, so the
 * reliability doc test can count the same cases the host suite runs.
 */
import type { EndpointName } from "../../../sdk/endpoints";
import type { Fault } from "../../../emulator";

/** Per-attempt timeout the matrix host runs with (`altcraft:timeoutMs`). */
export const MATRIX_TIMEOUT_MS = 400;
/** Backoff base the matrix host runs with (`altcraft:retryBaseMs`), so retries wait milliseconds, not seconds. */
export const MATRIX_RETRY_BASE_MS = 10;
/** A slow answer that still arrives within the timeout. */
export const SLOW_MS = 120;
/** A slow answer that arrives only after the client gave up on the attempt. */
export const LATE_MS = 650;

/** One fault and how many extra attempts it costs the client (a range where timing decides). */
export interface FaultStep {
  label: string;
  fault: Fault;
  extraAttempts: readonly [min: number, max: number];
}

/** Every transient fault class, alone. */
export const TRANSIENT_FAULTS: readonly FaultStep[] = [
  { label: "connection reset", fault: { type: "reset" }, extraAttempts: [1, 1] },
  { label: "hang past the timeout", fault: { type: "hang" }, extraAttempts: [1, 1] },
  { label: "HTTP 500", fault: { type: "status", status: 500 }, extraAttempts: [1, 1] },
  { label: "HTTP 502", fault: { type: "status", status: 502 }, extraAttempts: [1, 1] },
  { label: "HTTP 503", fault: { type: "status", status: 503 }, extraAttempts: [1, 1] },
  { label: "HTTP 504", fault: { type: "status", status: 504 }, extraAttempts: [1, 1] },
  { label: "HTTP 429, Retry-After: 1", fault: { type: "rateLimited", retryAfterSeconds: 1 }, extraAttempts: [1, 1] },
  { label: `slow answer (${SLOW_MS} ms, within the timeout)`, fault: { type: "delay", ms: SLOW_MS }, extraAttempts: [0, 0] },
  // The retry finds the first attempt still running and waits for its result (the emulator's de-dup), or, on a
  // slow machine, times out once more and gets the replay.
  { label: `late answer (${LATE_MS} ms, past the timeout)`, fault: { type: "delay", ms: LATE_MS }, extraAttempts: [1, 2] },
];

const byLabel = (label: string): FaultStep => {
  const step = TRANSIENT_FAULTS.find((f) => f.label.startsWith(label));
  if (!step) throw new Error(`no fault labelled ${label}`);
  return step;
};
const RATE_LIMITED_NOW: FaultStep = { label: "HTTP 429, Retry-After: 0", fault: { type: "rateLimited", retryAfterSeconds: 0 }, extraAttempts: [1, 1] };

/** Faults in a row on the same call; the longest uses the whole default retry budget (3 retries). */
export const FAULT_SEQUENCES: readonly (readonly FaultStep[])[] = [
  [byLabel("HTTP 503"), byLabel("connection reset"), RATE_LIMITED_NOW],
  [byLabel("hang"), byLabel("HTTP 502")],
  [byLabel("HTTP 500"), byLabel("HTTP 504"), byLabel("connection reset")],
  [RATE_LIMITED_NOW, byLabel("hang"), byLabel("slow")],
];

/** The provider operations under test and the endpoint each one's faults hit. */
export const MATRIX_OPERATIONS = [
  { name: "activate (create)", endpoint: "activate", launches: 1 },
  { name: "activate (update)", endpoint: "activate", launches: 1 },
  { name: "deactivate (delete)", endpoint: "deactivate", launches: 0 },
  // The provider's one read is campaigns/get: at refresh, and at check (before the create's activation).
  { name: "read (refresh)", endpoint: "get", launches: 0 },
  { name: "read (check before create)", endpoint: "get", launches: 1 },
] as const satisfies readonly { name: string; endpoint: EndpointName; launches: number }[];

/** One of {@link MATRIX_OPERATIONS}. */
export type MatrixOperation = (typeof MATRIX_OPERATIONS)[number];

/** One row of the matrix: an operation under a fault (or sequence), the last fault before or after execution. */
export interface MatrixCase {
  title: string;
  operation: MatrixOperation;
  steps: readonly FaultStep[];
  /** The phase of the last step; earlier steps are always "before" (an executed call's retries are replays). */
  lastPhase: "before" | "after";
  /** HTTP requests the operation's endpoint receives: [min, max]. */
  attempts: readonly [number, number];
}

/** Every case: each operation × (each fault alone + each sequence) × the last fault's phase. */
export function faultMatrix(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const operation of MATRIX_OPERATIONS) {
    for (const steps of [...TRANSIENT_FAULTS.map((f) => [f]), ...FAULT_SEQUENCES]) {
      for (const lastPhase of ["before", "after"] as const) {
        const min = 1 + steps.reduce((sum, s) => sum + s.extraAttempts[0], 0);
        const max = 1 + steps.reduce((sum, s) => sum + s.extraAttempts[1], 0);
        const faults = steps.map((s) => s.label).join(" → ");
        cases.push({ title: `${operation.name}: ${faults} (${lastPhase} execution)`, operation, steps, lastPhase, attempts: [min, max] });
      }
    }
  }
  return cases;
}

/** The reliability table's row for a case: the fault's label, or "sequences" for faults in a row. */
export function matrixRow(testCase: MatrixCase): string {
  return testCase.steps.length === 1 ? testCase.steps[0]!.label : "sequences";
}
