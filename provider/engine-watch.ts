import * as fs from "node:fs";

let watching = false;

/**
 * Ends Pulumi's provider process once the engine that started it is gone.
 *
 * The engine holds a pipe on each plugin's stdin for the plugin's whole life (pkg/resource/plugin/plugin.go,
 * `ExecPlugin`: `cmd.StdinPipe()`, closed by Go only after the plugin exits), so end-of-file on it means the CLI died.
 * A CLI killed with SIGKILL otherwise leaves the Node.js host running, and its first write to the dead CLI's stdout
 * makes the host's own uncaughtException handler loop on EPIPE (`console.error` → EPIPE → …): a core spinning and
 * memory growing without bound (pulumi v3.276, @pulumi/pulumi 3.276; tests/e2e/faults.test.ts). Exiting is safe:
 * nobody waits for an answer any more, and an activation left unanswered is repeated by the next `up` under the
 * same Request-ID. Acts only in the dynamic-provider host, never in a process that merely loads the provider.
 */
export function watchEngine(): void {
  if (watching || !isDynamicProviderHost()) return;
  watching = true;
  const leave = (): never => process.exit(0);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") leave();
    });
  }
  // Only a pipe says anything: a host started with stdin on /dev/null (a test's) would read end-of-file at once.
  if (isPipe(0)) {
    process.stdin.on("end", leave);
    process.stdin.on("error", leave);
    process.stdin.resume();
  }
}

/** True in the process `@pulumi/pulumi/cmd/dynamic-provider` runs as its main module. */
export function isDynamicProviderHost(mainFile: string | undefined = require.main?.filename): boolean {
  return mainFile !== undefined && /[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/.test(mainFile);
}

function isPipe(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isFIFO();
  } catch {
    return false;
  }
}
