import * as fs from "node:fs";
import * as path from "node:path";
import { ENV_TOKEN, readEnv } from "../sdk/env";
import { UsageError, type CliIo } from "./io";

/**
 * The API token: from `--token-file` (a path, or `-` for standard input), else from ALTCRAFT_TOKEN.
 * Never from an argument, and never part of any message.
 */
export async function readToken(tokenFile: string | undefined, io: CliIo): Promise<string> {
  if (tokenFile === undefined) {
    const fromEnv = readEnv(ENV_TOKEN, io.env);
    if (!fromEnv) throw new UsageError(`no API token: set ${ENV_TOKEN}, or pass --token-file <path> (--token-file - reads standard input)`);
    return fromEnv;
  }
  const text = tokenFile === "-" ? await readAll(io.stdin) : readFile(path.resolve(io.cwd, tokenFile), tokenFile);
  const token = text.trim();
  if (!token) throw new UsageError(`--token-file ${tokenFile === "-" ? "- (standard input)" : tokenFile} is empty`);
  return token;
}

function readFile(absolute: string, shown: string): string {
  try {
    return fs.readFileSync(absolute, "utf8");
  } catch (error) {
    throw new UsageError(`--token-file ${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
