/** Finding and running the `pulumi` CLI for `npm run demo`. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Where to get the Pulumi CLI. */
export const INSTALL_URL = "https://www.pulumi.com/docs/install/";

/** The first executable called `name` on a PATH string, if any. */
export function findOnPath(name: string, pathValue: string | undefined): string | undefined {
  const names = process.platform === "win32" ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const dir of (pathValue ?? "").split(path.delimiter).filter(Boolean)) {
    for (const candidate of names.map((n) => path.join(dir, n))) {
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The message printed when `pulumi` is not on PATH: what to install, and what runs without it. */
export function missingCliMessage(): string {
  return (
    "npm run demo needs the Pulumi CLI, and `pulumi` is not on PATH. Nothing was started.\n" +
    `Install it (${INSTALL_URL}), e.g. \`curl -fsSL https://get.pulumi.com | sh\`, put it on PATH, then run \`npm run demo\` again.\n` +
    "Without the CLI, `npm test` runs the root program and every example through the Pulumi language runtime against\n" +
    "the emulator (`npx mocha tests/program/root-program.test.ts 'tests/examples/**/*.test.ts'` for just those).\n"
  );
}

/**
 * Runs one `pulumi` command in `cwd` with its output on this terminal; `input` goes to its stdin (how a secret is
 * passed, so it never appears in a process list). Rejects when the command exits non-zero.
 */
export function runPulumi(pulumi: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(pulumi, args, { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "inherit", "inherit"] });
    if (input !== undefined) child.stdin?.end(input);
    child.on("error", reject);
    child.on("close", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`\`pulumi ${args.join(" ")}\` ${signal ? `was stopped by ${signal}` : `exited with ${code}`}`)),
    );
  });
}
