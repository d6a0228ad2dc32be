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

  --port <n>                      port to listen on; 0 picks a free one  (env ${CLI_ENV.port}, default ${DEFAULT_CLI_PORT})
  --host <addr>                   address to bind                         (env ${CLI_ENV.host}, default 127.0.0.1)
  --token <t>                     accepted API token; repeatable          (env ${CLI_ENV.token}, comma-separated; default: the built-in token in docs/emulator.md)
  --seed <file>                   JSON file of mailings to preload        (env ${CLI_ENV.seed})
  --latency-ms <n>                delay added to every API request        (default 0)
  --request-log-max-entries <n>   records kept per log, oldest dropped    (default 10000)
  --request-log-max-bytes <n>     byte budget per log, oldest dropped     (default 33554432)
  --dedup-window-ms <n>           de-duplication window                   (default 86400000, 24 h)
  --dedup-max-entries <n>         responses the de-dup cache keeps        (default 100000)
  --dedup-max-bytes <n>           byte budget of the de-dup cache         (default 67108864)
  --replay-failures <true|false>  replay failed responses to repeats      (default true)
  --duplicate-header-style <s>    current (Duplicate-Request) or legacy (X-Duplicate-Request)  (default current)
  --duplicate-header-repeated     send each duplicate marker twice, as a proxy would
  --request-id-header <name>      header read as the Request-ID; repeatable  (default Request-ID)
  --not-found-error <n>           envelope error for an unknown mailing   (default 404)
  --admin-host <name>             extra Host name the admin API accepts; repeatable
  --exit-with-parent <true|false> stop when the process that started it ends  (default true)
  --exit-on-stdin-close           stop when standard input closes
  --help                          show this help`;

/** Thrown for a bad flag or environment value; the message names it. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
    this.message = message;
  }
}

/** How the CLI process itself stops, besides SIGINT, SIGTERM and SIGHUP. */
export interface ProcessOptions {
  /** Stop when the launching process (npm, the shell) ends. */
  exitWithParent: boolean;
  /** Stop when standard input reaches its end (for harnesses that hold a pipe open). */
  exitOnStdinClose: boolean;
}

/** What the CLI should do. */
export type CliCommand = { help: true } | { help: false; options: EmulatorOptions; tokenSource: string; process: ProcessOptions };

function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === "" ? undefined : value;
}

function booleanFlag(value: string, what: string): boolean {
  const text = value.trim().toLowerCase();
  if (text === "true") return true;
  if (text === "false") return false;
  throw new CliUsageError(`${what} must be true or false`);
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
        "request-log-max-entries": { type: "string" },
        "request-log-max-bytes": { type: "string" },
        "dedup-window-ms": { type: "string" },
        "dedup-max-entries": { type: "string" },
        "dedup-max-bytes": { type: "string" },
        "replay-failures": { type: "string" },
        "duplicate-header-style": { type: "string" },
        "duplicate-header-repeated": { type: "boolean" },
        "request-id-header": { type: "string", multiple: true },
        "not-found-error": { type: "string" },
        "admin-host": { type: "string", multiple: true },
        "exit-with-parent": { type: "string" },
        "exit-on-stdin-close": { type: "boolean" },
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
  const MAX = Number.MAX_SAFE_INTEGER;
  if (values["request-log-max-entries"] !== undefined) options.requestLogMaxEntries = integerFlag(values["request-log-max-entries"], "--request-log-max-entries", 1, MAX);
  if (values["request-log-max-bytes"] !== undefined) options.requestLogMaxBytes = integerFlag(values["request-log-max-bytes"], "--request-log-max-bytes", 1, MAX);
  if (values["dedup-window-ms"] !== undefined) options.dedupWindowMs = integerFlag(values["dedup-window-ms"], "--dedup-window-ms", 0, MAX);
  if (values["dedup-max-entries"] !== undefined) options.dedupMaxEntries = integerFlag(values["dedup-max-entries"], "--dedup-max-entries", 1, MAX);
  if (values["dedup-max-bytes"] !== undefined) options.dedupMaxBytes = integerFlag(values["dedup-max-bytes"], "--dedup-max-bytes", 1, MAX);
  if (values["replay-failures"] !== undefined) options.replayFailures = booleanFlag(values["replay-failures"], "--replay-failures");
  const style = values["duplicate-header-style"];
  if (style !== undefined) {
    if (style !== "current" && style !== "legacy") {
      throw new CliUsageError("--duplicate-header-style must be current (Duplicate-Request) or legacy (X-Duplicate-Request)");
    }
    options.duplicateHeaderStyle = style;
  }
  if (values["duplicate-header-repeated"]) options.duplicateHeaderRepeated = true;
  if (values["request-id-header"] !== undefined) {
    const names = values["request-id-header"].map((h) => h.trim());
    if (!names.every((h) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h))) throw new CliUsageError("--request-id-header must be a header name, e.g. Request-ID or X-Request-ID");
    options.requestIdHeaders = names;
  }
  if (values["not-found-error"] !== undefined) options.notFoundError = integerFlag(values["not-found-error"], "--not-found-error", 1, MAX);
  if (values["admin-host"] !== undefined) {
    if (values["admin-host"].some((h) => h.trim() === "")) throw new CliUsageError("--admin-host must not be empty");
    options.adminHosts = values["admin-host"].map((h) => h.trim());
  }
  const processOptions: ProcessOptions = {
    exitWithParent: values["exit-with-parent"] === undefined ? true : booleanFlag(values["exit-with-parent"], "--exit-with-parent"),
    exitOnStdinClose: values["exit-on-stdin-close"] === true,
  };

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
  return { help: false, options, tokenSource, process: processOptions };
}
