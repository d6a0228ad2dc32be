/** Where a run's results go: latest.json and latest.md, and the generated blocks of the README and docs/performance.md. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BenchResults } from "./types";

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..");
/** Where a full run writes by default (committed). */
export const DEFAULT_RESULTS_DIR = path.join(REPO_ROOT, "bench", "results");
/** The performance page whose marked block a full run regenerates. */
export const PERFORMANCE_DOC = path.join(REPO_ROOT, "docs", "performance.md");
/** The README, whose "Performance" section holds the summary table between the same markers. */
export const README = path.join(REPO_ROOT, "README.md");
/** Markers around the generated block in docs/performance.md and the README. */
export const DOC_MARKERS = { start: "<!-- bench:results:start -->", end: "<!-- bench:results:end -->" } as const;

/**
 * The output directory: `BENCH_OUT_DIR` if set; else bench/results for a full run, and a temporary directory for
 * a quick run, so smoke numbers never overwrite the committed ones.
 */
export function resultsDir(mode: BenchResults["mode"], env: NodeJS.ProcessEnv = process.env): string {
  if (env.BENCH_OUT_DIR) return path.resolve(env.BENCH_OUT_DIR);
  return mode === "full" ? DEFAULT_RESULTS_DIR : path.join(os.tmpdir(), "pulumi-altcraft-bench-quick");
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
