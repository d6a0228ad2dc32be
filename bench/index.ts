/**
 * `npm run bench`: measures the client against raw HTTP, the provider host against direct client calls, stack
 * scale, throughput under a rate limit, state size, host memory and cold start, in one run on one machine.
 * Prints a markdown table, writes results/latest.json and latest.md, and exits non-zero only if it could not run.
 * `BENCH_QUICK=1` runs tiny counts (a smoke test); `BENCH_OUT_DIR` redirects the files.
 */
import * as path from "node:path";
import { renderMarkdown } from "./report";
import { resultsDir, updatePerformanceDoc, writeResults, DEFAULT_RESULTS_DIR, PERFORMANCE_DOC, REPO_ROOT } from "./results-file";
import { runBench } from "./run";
import { settingsFromEnv } from "./settings";

async function main(): Promise<number> {
  const settings = settingsFromEnv();
  const progress = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  let results;
  try {
    results = await runBench(settings, progress);
  } catch (error) {
    process.stderr.write(`bench: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
  const markdown = renderMarkdown(results);
  const dir = resultsDir(settings.mode);
  const files = writeResults(dir, results, markdown);
  process.stdout.write(markdown);
  progress(`wrote ${shortPath(files.json)} and ${shortPath(files.markdown)}`);
  if (settings.mode === "full" && dir === DEFAULT_RESULTS_DIR && updatePerformanceDoc(markdown)) {
    progress(`updated the results block of ${shortPath(PERFORMANCE_DOC)}`);
  }
  return 0;
}

/** Relative to the repository when inside it, absolute otherwise. */
function shortPath(file: string): string {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith("..") ? file : relative;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: could not run: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
