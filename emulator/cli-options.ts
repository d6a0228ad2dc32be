/** Command-line flags and environment fallbacks of `npm run emulator`, turned into {@link EmulatorOptions}. */
import { parseArgs } from "node:util";
import type { EmulatorOptions } from "./types";

/** The CLI's port when neither `--port` nor `ALTCRAFT_EMULATOR_PORT` is set (the library's default is 0). */
export const DEFAULT_CLI_PORT = 8080;

/** Environment variables the CLI falls back to. */
export const CLI_ENV = {
  port: "ALTCRAFT_EMULATOR_PORT",
  host: "ALTCRAFT_EMULATOR_HOST",
  token: "ALTCRAFT_EMULATOR_TOKEN",
  seed: "ALTCRAFT_EMULATOR_SEED",
} as const;

/** Usage text printed by `--help` and after a flag error. */
export const USAGE = `Usage: npm run emulator -- [options]

  --port <n>         port to listen on; 0 picks a free one  (env ${CLI_ENV.port}, default ${DEFAULT_CLI_PORT})
  --host <addr>      address to bind                         (env ${CLI_ENV.host}, default 127.0.0.1)
  --token <t>        accepted API token; repeatable          (env ${CLI_ENV.token}, comma-separated; default: the built-in token in docs/emulator.md)
  --seed <file>      JSON file of mailings to preload        (env ${CLI_ENV.seed})
  --latency-ms <n>   delay added to every API request        (default 0)
  --help             show this help`;

/** Thrown for a bad flag or environment value; the message names it. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
    this.message = message;
  }
}

/** What the CLI should do. */
export type CliCommand = { help: true } | { help: false; options: EmulatorOptions; tokenSource: string };

function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === "" ? undefined : value;
}

function integerFlag(value: string, what: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new CliUsageError(`${what} must be an integer from ${min} to ${max}`);
  return n;
}

/** Parses the CLI's arguments (without `node` and the script) and environment. Flags win over the environment. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        token: { type: "string", multiple: true },
        seed: { type: "string" },
        "latency-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
  if (values.help) return { help: true };

  const options: EmulatorOptions = {};
  const portText = values.port ?? readEnv(env, CLI_ENV.port);
  options.port = portText === undefined ? DEFAULT_CLI_PORT : integerFlag(portText, values.port !== undefined ? "--port" : CLI_ENV.port, 0, 65535);
  const host = values.host ?? readEnv(env, CLI_ENV.host);
  if (host !== undefined) options.host = host;
  const seed = values.seed ?? readEnv(env, CLI_ENV.seed);
  if (seed !== undefined) options.seedFile = seed;
  if (values["latency-ms"] !== undefined) options.latencyMs = integerFlag(values["latency-ms"], "--latency-ms", 0, 600_000);

  let tokenSource = "default token, see docs/emulator.md";
  if (values.token !== undefined) {
    if (values.token.some((t) => t.trim() === "")) throw new CliUsageError("--token must not be empty");
    options.tokens = values.token.map((t) => t.trim());
    tokenSource = "--token";
  } else {
    const fromEnv = readEnv(env, CLI_ENV.token)
      ?.split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "");
    if (fromEnv && fromEnv.length > 0) {
      options.tokens = fromEnv;
      tokenSource = CLI_ENV.token;
    }
  }
  return { help: false, options, tokenSource };
}
