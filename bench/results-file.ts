/**
 * Where a run's results go: bench/results/latest.json and latest.md, and the generated block of
 * docs/performance.md. Nothing else in the repository is written (the README links these files).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BenchResults } from "./types";

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..");
/** Where a full run writes by default (committed). */
export const DEFAULT_RESULTS_DIR = path.join(REPO_ROOT, "bench", "results");
/** The performance page whose marked block a run regenerates. */
export const PERFORMANCE_DOC = path.join(REPO_ROOT, "docs", "performance.md");
/** Markers around the generated block in docs/performance.md. */
export const DOC_MARKERS = { start: "<!-- bench:results:start -->", end: "<!-- bench:results:end -->" } as const;

/** Where one run writes: the results directory and the performance page. */
export interface OutputTargets {
  dir: string;
  /** The page whose marked block is regenerated; undefined to leave every page alone. */
  doc: string | undefined;
}

/**
 * `BENCH_OUT_DIR` (with `BENCH_DOC` naming the page to update, if any) redirects everything, as the smoke test
 * does. Otherwise a full run writes bench/results and docs/performance.md, and a quick run a temporary directory
 * only, so smoke numbers never overwrite the committed ones.
 */
export function outputTargets(mode: BenchResults["mode"], env: NodeJS.ProcessEnv = process.env): OutputTargets {
  if (env.BENCH_OUT_DIR) return { dir: path.resolve(env.BENCH_OUT_DIR), doc: env.BENCH_DOC ? path.resolve(env.BENCH_DOC) : undefined };
  if (mode === "full") return { dir: DEFAULT_RESULTS_DIR, doc: PERFORMANCE_DOC };
  return { dir: path.join(os.tmpdir(), "pulumi-altcraft-bench-quick"), doc: undefined };
}

/** Writes latest.json (2-space indented, trailing newline) and latest.md; returns their paths. */
export function writeResults(dir: string, results: BenchResults, markdown: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const files = { json: path.join(dir, "latest.json"), markdown: path.join(dir, "latest.md") };
  writeFileSync(files.json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(files.markdown, markdown);
  return files;
}

/** Replaces the block between the markers in `file`; false when the page or its markers are missing. */
export function updateMarkedBlock(markdown: string, file: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(DOC_MARKERS.start);
  const end = text.indexOf(DOC_MARKERS.end);
  if (start < 0 || end < start) return false;
  const updated = `${text.slice(0, start + DOC_MARKERS.start.length)}\n${markdown.trimEnd()}\n${text.slice(end)}`;
  writeFileSync(file, updated);
  return true;
}
