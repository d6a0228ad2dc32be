import { parseArgs } from "node:util";
import { parseMaxPages } from "./collect";
import { UsageError } from "./io";

/** The mailing types `--type` accepts. */
export const MAILING_TYPES = ["broadcast", "regular", "trigger", "splittest"] as const;

/** The export command's options, as parsed from the command line (settings from the environment come later). */
export interface ExportArgs {
  help: boolean;
  baseUrl?: string;
  tokenFile?: string;
  out: string;
  force: boolean;
  type?: (typeof MAILING_TYPES)[number];
  tags: string[];
  pageSize?: number;
  /** Pages read at most before stopping with an error. */
  maxPages: number;
  /** Permit http:// to a host that is not loopback. */
  allowInsecureHttp: boolean;
}

/** The default output file, relative to the working directory. */
export const DEFAULT_OUT = "mailings.yaml";

/** Parses `export`'s arguments; a {@link UsageError} names the bad option and what is allowed. */
export function parseExportArgs(argv: readonly string[]): ExportArgs {
  // Checked before parseArgs so the refusal is specific, and so no error message ever repeats the value.
  if (argv.some((arg) => arg === "--token" || arg.startsWith("--token="))) {
    throw new UsageError(
      "--token is not accepted: a token on the command line stays in shell history and process lists; " +
        "set ALTCRAFT_TOKEN or pass --token-file <path> (or --token-file - to read standard input)",
    );
  }
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const args: ExportArgs = {
    help: values.help === true,
    out: values.out ?? DEFAULT_OUT,
    force: values.force === true,
    tags: values.tag ?? [],
    maxPages: parseMaxPages(values["max-pages"]),
    allowInsecureHttp: values["allow-insecure-http"] === true,
  };
  if (values["base-url"] !== undefined) args.baseUrl = nonEmpty("--base-url", values["base-url"]);
  if (values["token-file"] !== undefined) args.tokenFile = nonEmpty("--token-file", values["token-file"]);
  nonEmpty("--out", args.out);
  if (values.type !== undefined) {
    const type = MAILING_TYPES.find((t) => t === values.type);
    if (!type) throw new UsageError(`--type must be one of ${MAILING_TYPES.join(", ")}; got ${JSON.stringify(values.type)}`);
    args.type = type;
  }
  for (const tag of args.tags) nonEmpty("--tag", tag);
  if (values["page-size"] !== undefined) {
    const size = Number(values["page-size"]);
    if (!/^\d+$/.test(values["page-size"]) || !Number.isSafeInteger(size) || size < 1) {
      throw new UsageError(`--page-size must be a whole number of mailings, at least 1; got ${JSON.stringify(values["page-size"])}`);
    }
    args.pageSize = size;
  }
  return args;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: "boolean", short: "h" },
      "base-url": { type: "string" },
      "token-file": { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      type: { type: "string" },
      tag: { type: "string", multiple: true },
      "page-size": { type: "string" },
      "max-pages": { type: "string" },
      "allow-insecure-http": { type: "boolean" },
    },
  });
}

function nonEmpty(option: string, value: string): string {
  if (value.trim() === "") throw new UsageError(`${option} needs a value`);
  return value;
}
