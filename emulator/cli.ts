/**
 * `npm run emulator`: runs the Altcraft API emulator until SIGINT/SIGTERM. Prints one line with its URL and where
 * the token came from (never the token itself).
 */
import { CliUsageError, parseCliArgs, USAGE } from "./cli-options";
import { startEmulator } from "./server";

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
  process.stdout.write(`Altcraft emulator listening on ${emulator.url} (token from ${command.tokenSource})\n`);
  const running = emulator;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void running.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
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
