import { spawn, type SpawnOptions } from "node:child_process";

/** A running `pulumi-altcraft emulator` process, once it has printed the URL it listens on. */
export interface RunningEmulatorCommand {
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the emulator command and waits for its "listening on <url>" line; fails with what it printed when no URL
 * comes within `timeoutMs` or the process exits first.
 */
export async function startEmulatorCommand(
  file: string,
  args: readonly string[],
  options: Omit<SpawnOptions, "stdio">,
  timeoutMs: number,
): Promise<RunningEmulatorCommand> {
  const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const stop = (signal: NodeJS.Signals): Promise<number | null> => {
    child.kill(signal);
    return exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), timeoutMs);
      child.stdout!.on("data", () => {
        const match = /listening on (http:\/\/[^\s]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on("close", () => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited: ${output}`));
      });
    });
    return { url, output: () => output, stop };
  } catch (error) {
    await stop("SIGKILL");
    throw error;
  }
}
