/**
 * The provider host runs the BUILT package (dist/), while the bench's direct client runs the sources: a dist/ older
 * than the sources would compare two different clients. This finds that out before measuring.
 */
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./results-file";

/** The file the host loads first; tsc rewrites every output, so its time is the build's. */
const BUILT_RUNTIME = path.join(REPO_ROOT, "dist", "provider", "runtime.js");
const SOURCE_DIRS = ["sdk", "provider"].map((d) => path.join(REPO_ROOT, d));

/**
 * Throws when dist/ is missing or the package does not resolve by its name (the host could not load the
 * provider); returns a warning when dist/ is older than the sources.
 */
export function checkDistFreshness(): string | undefined {
  try {
    require.resolve("pulumi-altcraft/dist/provider/runtime", { paths: [REPO_ROOT] });
  } catch {
    throw new Error("pulumi-altcraft does not resolve from the repository (node_modules/pulumi-altcraft is the link to it): run `node scripts/prepare.js` first");
  }
  let built: number;
  try {
    built = statSync(BUILT_RUNTIME).mtimeMs;
  } catch {
    throw new Error(`${path.relative(REPO_ROOT, BUILT_RUNTIME)} is missing: run \`node scripts/prepare.js\` first`);
  }
  const stale = SOURCE_DIRS.flatMap(sourceFiles).filter((file) => statSync(file).mtimeMs > built);
  if (stale.length === 0) return undefined;
  const names = stale.slice(0, 3).map((f) => path.relative(REPO_ROOT, f));
  return `dist/ is older than ${stale.length} source file(s) (${names.join(", ")}${stale.length > 3 ? ", …" : ""}): the host ran the old build. Run \`node scripts/prepare.js\` and re-run the bench.`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
