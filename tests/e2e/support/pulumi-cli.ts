/**
 * The real `pulumi` CLI for the end-to-end suites: the one scripts/pulumi-cli.sh finds (PULUMI_ALTCRAFT_CLI_DIR, a
 * `pulumi` on PATH, or the cached build of the pinned version). `npm test` and .ci/run get it before the suites run;
 * without it these suites fail with the script's own message, they never skip.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
/** The runner that serves a project's `main` as an Automation API inline program to the real CLI. */
export const INLINE_RUNNER = path.join(REPO_ROOT, "scripts", "pulumi-inline.js");
/** Inline programs need `--client` for refresh and destroy (Pulumi 3.181, automation/stack.ts `checkInlineSupport`). */
export const MIN_CLI_VERSION = "3.181.0";

/** Where the CLI is and which version it is. */
export interface PulumiCli {
  /** The folder to put first on PATH: `pulumi` and, for the cached build, its plugin shims. */
  binDir: string;
  /** What `pulumi version` printed, e.g. `v3.276.0`. */
  version: string;
}

let found: PulumiCli | undefined;

/** The CLI of this run (looked up once per process); throws with the lookup's own words when there is none. */
export function pulumiCli(): PulumiCli {
  if (found) return found;
  let binDir: string;
  try {
    const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "pulumi-cli.sh"), "--no-build", "--min", MIN_CLI_VERSION], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    binDir = out.trim().split("\n").pop() ?? "";
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`no Pulumi CLI for the end-to-end suites (run \`bash scripts/pulumi-cli.sh\` to build it):\n${stderr}`);
  }
  const version = execFileSync(path.join(binDir, "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  }).trim();
  found = { binDir, version };
  return found;
}
