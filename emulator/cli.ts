/**
 * `npm run emulator`: runs the Altcraft API emulator until SIGINT/SIGTERM/SIGHUP, until the process that started it
 * ends (`kill $!` of `npm run emulator … &` kills npm, not this process), or, when asked, until stdin closes. Prints
 * one line with its URL and where the token came from (never the token itself).
 */
import { CliUsageError, parseCliArgs, USAGE } from "./cli-options";
import { watchLaunchers } from "./parent-watch";
import { startEmulator } from "./server";

const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Runs the CLI; resolves with the exit code once the emulator has stopped (or failed to start). */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv, env);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`altcraft-emulator: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let emulator;
  try {
    emulator = await startEmulator(command.options);
  } catch (err) {
    process.stderr.write(`altcraft-emulator: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  const running = emulator;
  const { exitWithParent, exitOnStdinClose } = command.process;
  await new Promise<void>((resolve) => {
    let stopped = false;
    let unwatch: () => void = () => undefined;
    const onStdinEnd = (): void => stop();
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      unwatch();
      if (exitOnStdinClose) {
        process.stdin.off("end", onStdinEnd);
        process.stdin.off("close", onStdinEnd);
        process.stdin.destroy();
      }
      void running.close().then(resolve);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
    if (exitWithParent) unwatch = watchLaunchers(stop);
    if (exitOnStdinClose) {
      process.stdin.on("end", onStdinEnd);
      process.stdin.on("close", onStdinEnd);
      process.stdin.resume();
    }
    // Printed only once every way to stop is in place, so whoever waits for this line may signal at once.
    process.stdout.write(`Altcraft emulator listening on ${running.url} (token from ${command.tokenSource})\n`);
  });
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`altcraft-emulator: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
