/**
 * `npm run bench`: measures the client against raw HTTP, the provider host against direct client calls, stack
 * scale, throughput under a rate limit, state size, host memory and cold start, in one run on one machine.
 * Prints a markdown table, writes results/latest.json and latest.md, and exits non-zero only if it could not run.
 * `BENCH_QUICK=1` runs tiny counts (a smoke test); `BENCH_OUT_DIR` redirects the files.
 */
import * as path from "node:path";
import { goalsTable, machineLine, renderMarkdown } from "./report";
import { resultsDir, updateMarkedBlock, writeResults, DEFAULT_RESULTS_DIR, PERFORMANCE_DOC, README, REPO_ROOT } from "./results-file";
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
  if (settings.mode === "full" && dir === DEFAULT_RESULTS_DIR) {
    // The README carries the summary; docs/performance.md the whole report with its details.
    const summary = `${machineLine(results)}\n\n${goalsTable(results.goals)}\n`;
    for (const [file, block] of [[README, summary], [PERFORMANCE_DOC, markdown]] as const) {
      if (updateMarkedBlock(block, file)) progress(`updated the results block of ${shortPath(file)}`);
    }
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
