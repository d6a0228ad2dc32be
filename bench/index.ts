/**
 * `npm run bench`: the goals of issue 13 (API calls per operation, stack scale, rate limit, memory, cold start,
 * preview, client vs raw, growth) and the loader goal of issue 12, measured side by side in one run on one machine,
 * with a profile of the provider host. Prints the goals table with the details, writes bench/results/latest.json
 * and latest.md and the results block of docs/performance.md, and exits non-zero only if it could not run.
 * `BENCH_QUICK=1` runs tiny counts (a smoke test) into a temporary directory; `BENCH_OUT_DIR` (and `BENCH_DOC`)
 * redirect the files.
 */
import * as path from "node:path";
import { renderMarkdown } from "./report";
import { outputTargets, updateMarkedBlock, writeResults, REPO_ROOT } from "./results-file";
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
  const targets = outputTargets(settings.mode);
  const files = writeResults(targets.dir, results, markdown);
  process.stdout.write(markdown);
  progress(`wrote ${shortPath(files.json)} and ${shortPath(files.markdown)}`);
  if (targets.doc) {
    if (updateMarkedBlock(markdown, targets.doc)) progress(`updated the results block of ${shortPath(targets.doc)}`);
    else progress(`warning: ${shortPath(targets.doc)} has no results markers; left alone`);
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
