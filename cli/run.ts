import { main as runEmulator } from "../emulator/cli";
import { CliUsageError, parseCliArgs } from "../emulator/cli-options";
import { runExport } from "./export-command";
import { EMULATOR_HELP, MAIN_HELP } from "./help";
import { EXIT, type CliIo } from "./io";
import { packageVersion } from "../sdk/version";

/** Runs `pulumi-altcraft <command> ...` and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "export") return runExport(rest, io);
  if (command === "emulator") return emulator(rest, io);
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout.write(MAIN_HELP);
    return EXIT.ok;
  }
  if (command === "--version" || command === "-v" || command === "version") {
    io.stdout.write(`pulumi-altcraft ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (command === undefined) {
    io.stderr.write(`pulumi-altcraft: a command is required\n\n${MAIN_HELP}`);
    return EXIT.usage;
  }
  io.stderr.write(`pulumi-altcraft: unknown command ${JSON.stringify(command)}; the commands are: export, emulator\n\n${MAIN_HELP}`);
  return EXIT.usage;
}

/**
 * The emulator runs until SIGINT/SIGTERM, for users' own CI. Help and flag errors are answered here, under the
 * installed command's name and with the default token, before the emulator's own entry point takes over.
 */
async function emulator(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCliArgs([...argv], io.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr.write(`pulumi-altcraft emulator: ${error.message}\n\n${EMULATOR_HELP}`);
    return EXIT.usage;
  }
  if (parsed.help) {
    io.stdout.write(EMULATOR_HELP);
    return EXIT.ok;
  }
  return runEmulator([...argv], io.env);
}
