import { main as runEmulator } from "../emulator/cli";
import { runExport } from "./export-command";
import { MAIN_HELP } from "./help";
import { EXIT, type CliIo } from "./io";

/** Runs `pulumi-altcraft <command> ...` and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "export") return runExport(rest, io);
  // The emulator runs until SIGINT/SIGTERM, for users' own CI: `npx pulumi-altcraft emulator --port 8080`.
  if (command === "emulator") return runEmulator(rest, io.env);
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout.write(MAIN_HELP);
    return EXIT.ok;
  }
  if (command === undefined) {
    io.stderr.write(`pulumi-altcraft: a command is required\n\n${MAIN_HELP}`);
    return EXIT.usage;
  }
  io.stderr.write(`pulumi-altcraft: unknown command ${JSON.stringify(command)}; the commands are: export, emulator\n\n${MAIN_HELP}`);
  return EXIT.usage;
}
