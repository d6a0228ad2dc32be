/** What a CLI command touches outside itself, injectable so tests run in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Read only when the user asks for it (`--token-file -`). */
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Relative paths are resolved against this folder. */
  cwd: string;
  /** The clock behind the export's timestamp. */
  now: () => Date;
}

/** The real process's streams, environment and clock. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), now: () => new Date() };
}

/** Exit codes: 0 done, 1 the API (or the network) failed, 2 the command line or a setting is wrong. */
export const EXIT = { ok: 0, apiError: 1, usage: 2 } as const;

/** A mistake in the command line or the settings: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
    this.message = message;
  }
}
