import type { Summary } from "./types";

/** The q-quantile (0..1) of sorted values, interpolating linearly between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[upper] ?? a;
  return a + (b - a) * (position - lower);
}

/** p50, p95, mean, min and max of a set of timings. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((x, y) => x - y);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    mean: round(mean),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** The median of a few samples. */
export function median(values: readonly number[]): number {
  return round(quantile([...values].sort((x, y) => x - y), 0.5));
}

/** Rounds to `digits` decimals so the JSON stays readable and diffs stay small. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** a / b, rounded; NaN when b is 0. */
export function ratio(a: number, b: number, digits = 3): number {
  return b === 0 ? Number.NaN : round(a / b, digits);
}
