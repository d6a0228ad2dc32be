import * as fs from "node:fs";
import * as path from "node:path";
import { AltcraftClient } from "../sdk/client";
import { isAltcraftError } from "../sdk/errors";
import { redactToken } from "../sdk/redact";
import { ENV_BASE_URL, readEnv } from "../sdk/env";
import type { MailingListItem, MailingListParams } from "../sdk/types";
import { EXPORT_HELP } from "./help";
import { parseExportArgs } from "./export-args";
import { EXIT, UsageError, type CliIo } from "./io";
import { renderMailingsYaml } from "./render";
import { readToken } from "./token";

/**
 * `pulumi-altcraft export`: lists the account's active mailings and writes a mailings file declaring them.
 * Returns the exit code; messages go to `io.stderr`, and never contain the token.
 */
export async function runExport(argv: readonly string[], io: CliIo): Promise<number> {
  let token: string | undefined;
  try {
    const args = parseExportArgs(argv);
    if (args.help) {
      io.stdout.write(EXPORT_HELP);
      return EXIT.ok;
    }
    const toStdout = args.out === "-";
    const outPath = path.resolve(io.cwd, args.out);
    // Refuse before calling the API, so a long export is never thrown away at the end.
    if (!toStdout && !args.force && fs.existsSync(outPath)) {
      throw new UsageError(`${args.out} exists; pass --force to overwrite it, or --out <path> to write elsewhere`);
    }
    const baseUrl = args.baseUrl ?? readEnv(ENV_BASE_URL, io.env);
    if (!baseUrl) throw new UsageError(`no Altcraft base URL: pass --base-url https://<your Altcraft host> or set ${ENV_BASE_URL}`);
    token = await readToken(args.tokenFile, io);

    let client: AltcraftClient;
    try {
      client = new AltcraftClient({ baseUrl, token });
    } catch (error) {
      throw new UsageError(errorMessage(error, token));
    }
    const filters: Omit<MailingListParams, "fromId"> = { isActive: true };
    if (args.type) filters.type = args.type;
    if (args.tags.length > 0) filters.uiTags = args.tags;
    if (args.pageSize !== undefined) filters.limit = args.pageSize;

    const mailings: MailingListItem[] = [];
    let fetched = 0;
    try {
      const pages = client.mailings.listAll(filters, {
        onPage: (page) => {
          fetched += page.items.length;
          const of = page.totalCount === undefined ? "" : ` of ${page.totalCount}`;
          io.stderr.write(`fetched ${fetched}${of} mailings…\n`);
        },
      });
      // The filter is the API's to apply; checking again keeps an inactive mailing out whatever the server does.
      for await (const item of pages) if (item.isActive) mailings.push(item);
    } finally {
      client.close();
    }

    const text = renderMailingsYaml(mailings, { baseUrl: client.baseUrl, exportedAt: io.now(), ...(args.type && { type: args.type }), tags: args.tags });
    if (toStdout) io.stdout.write(text);
    else writeAtomically(outPath, text);
    const count = mailings.length === 1 ? "1 active mailing" : `${mailings.length} active mailings`;
    io.stderr.write(`${toStdout ? "wrote" : `wrote ${args.out} with`} ${count}; review it, then \`pulumi preview\` to see them adopted\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`pulumi-altcraft export: ${redact(error.message, token)}\nRun \`pulumi-altcraft export --help\` for the options.\n`);
      return EXIT.usage;
    }
    io.stderr.write(`pulumi-altcraft export: ${errorMessage(error, token)}\n`);
    return EXIT.apiError;
  }
}

/** The client's own message (it is already token-free); redacted again in case the token appears anyway. */
function errorMessage(error: unknown, token: string | undefined): string {
  const message = isAltcraftError(error) || error instanceof Error ? error.message : String(error);
  return redact(message, token);
}

function redact(text: string, token: string | undefined): string {
  return token ? redactToken(text, token) : text;
}

function writeAtomically(target: string, text: string): void {
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o644 });
  fs.renameSync(temporary, target);
}
