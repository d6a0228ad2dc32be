/**
 * Supervision of the Node.js processes the harness spawns: captured output, exit tracking, and shutdown the way
 * the Pulumi engine does it (SIGINT, then SIGKILL after a grace period).
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/** How long the engine waits after SIGINT before it sends SIGKILL. */
export const ENGINE_KILL_GRACE_MS = 5_000;

/** How a supervised process ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A spawned process with its captured output. */
export interface SupervisedChild {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Settles when the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** Resolves with the first complete stdout line, or rejects if the process exits or the timeout passes first. */
  firstStdoutLine(timeoutMs: number): Promise<string>;
  /** SIGINT, then SIGKILL if still alive after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<ChildExit>;
}

// A crashed test run must not leave hosts behind: kill whatever is still alive when this process exits.
const liveChildren = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
});

/** Spawns `process.execPath` with the given arguments and supervises it. */
export function spawnNode(args: readonly string[], options: SpawnOptions): SupervisedChild {
  const child = spawn(process.execPath, [...args], { ...options, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) {
    throw new Error(`failed to spawn ${process.execPath} ${args.join(" ")}`);
  }
  liveChildren.add(child);
  let stdout = "";
  let stderr = "";
  let done = false;
  const lineWaiters = new Set<() => void>();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const wake of lineWaiters) wake();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("close", (code, signal) => {
      done = true;
      liveChildren.delete(child);
      for (const wake of lineWaiters) wake();
      resolve({ code, signal });
    });
  });

  const firstStdoutLine = (timeoutMs: number): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no output line within ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
      const check = (): void => {
        const newline = stdout.indexOf("\n");
        if (newline >= 0) finish(undefined, stdout.slice(0, newline).trim());
        else if (done) finish(new Error(`process exited before printing a line; stderr:\n${stderr}`));
      };
      const finish = (error?: Error, line?: string): void => {
        clearTimeout(timer);
        lineWaiters.delete(check);
        if (error) reject(error);
        else resolve(line ?? "");
      };
      lineWaiters.add(check);
      check();
    });

  const stop = async (graceMs = ENGINE_KILL_GRACE_MS): Promise<ChildExit> => {
    if (done) return exited;
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    process: child,
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    hasExited: () => done,
    firstStdoutLine,
    stop,
  };
}
