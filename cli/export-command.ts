import { AltcraftClient } from "../sdk/client";
import { isAltcraftError } from "../sdk/errors";
import { redactToken } from "../sdk/redact";
import { ENV_BASE_URL, readEnv } from "../sdk/env";
import type { MailingListParams } from "../sdk/types";
import { cliAdvice } from "./advice";
import { collectActiveMailings } from "./collect";
import { EXPORT_HELP } from "./help";
import { parseExportArgs } from "./export-args";
import { EXIT, UsageError, type CliIo } from "./io";
import { planOutFile, writeOutFile, type OutFilePlan } from "./out-file";
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
    // Every local check comes before the API, so a long export is never thrown away at the end.
    const plan: OutFilePlan | undefined = args.out === "-" ? undefined : planOutFile(io.cwd, args.out, args.force);
    const baseUrl = args.baseUrl ?? readEnv(ENV_BASE_URL, io.env);
    if (!baseUrl) throw new UsageError(`no Altcraft base URL: pass --base-url https://<your Altcraft host> or set ${ENV_BASE_URL}`);
    token = await readToken(args.tokenFile, io);

    let client: AltcraftClient;
    try {
      client = new AltcraftClient({ baseUrl, token, ...(args.allowInsecureHttp ? { allowInsecureHttp: true } : {}) });
    } catch (error) {
      throw new UsageError(errorMessage(error, token));
    }
    const filters: Omit<MailingListParams, "fromId"> = { isActive: true };
    if (args.type) filters.type = args.type;
    if (args.tags.length > 0) filters.uiTags = args.tags;
    if (args.pageSize !== undefined) filters.limit = args.pageSize;

    let collected;
    try {
      collected = await collectActiveMailings(client, filters, args.maxPages, (line) => io.stderr.write(`${line}\n`));
    } finally {
      client.close();
    }
    const { mailings, repeated } = collected;
    if (repeated > 0) {
      io.stderr.write(`warning: the server listed ${repeated === 1 ? "1 mailing" : `${repeated} mailings`} twice (overlapping pages); each is declared once\n`);
    }

    const text = renderMailingsYaml(mailings, { baseUrl: client.baseUrl, exportedAt: io.now(), ...(args.type && { type: args.type }), tags: args.tags });
    if (plan) writeOutFile(plan, text);
    else io.stdout.write(text);
    if (mailings.length === 0) {
      io.stderr.write("warning: no active mailing matched; the file declares none. Check --base-url, the token's account, --type and --tag\n");
    }
    const count = mailings.length === 1 ? "1 active mailing" : `${mailings.length} active mailings`;
    io.stderr.write(`${plan ? `wrote ${args.out} with` : "wrote"} ${count}; review it, then \`pulumi preview\` to see them adopted\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`pulumi-altcraft export: ${redact(cliAdvice(error.message), token)}\nRun \`pulumi-altcraft export --help\` for the options.\n`);
      return EXIT.usage;
    }
    io.stderr.write(`pulumi-altcraft export: ${errorMessage(error, token)}\n`);
    return EXIT.apiError;
  }
}

/** The client's own message (it is already token-free), with CLI advice, redacted again in case the token appears anyway. */
function errorMessage(error: unknown, token: string | undefined): string {
  const message = isAltcraftError(error) || error instanceof Error ? error.message : String(error);
  return redact(cliAdvice(message), token);
}

function redact(text: string, token: string | undefined): string {
  return token ? redactToken(text, token) : text;
}
