/**
 * Looks for an API token in anything a user or a log could see: strings, state, errors (deeply, hidden properties
 * included), in every spelling the token can take on the wire or in a message.
 */
import { inspect } from "node:util";

/** Tokens with characters that change under JSON, URL and XML escaping, so every spelling is really tested. */
export const TRICKY_TOKEN = `sk_live/Tok+en=="&<x>'81f2`;

/** The spellings of `token` a leak could take: raw, JSON-escaped, URL-encoded (both ways), XML-escaped, base64, either half. */
export function tokenSpellings(token: string): string[] {
  const xml = token.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const spellings = new Set<string>([
    token,
    JSON.stringify(token).slice(1, -1),
    encodeURIComponent(token),
    encodeURIComponent(token).replace(/%20/g, "+"),
    xml,
    xml.replace(/"/g, "&quot;").replace(/'/g, "&apos;"),
    Buffer.from(token, "utf8").toString("base64"),
    // A cut that splits the token (snippets, capped texts) must not leave half of it behind either.
    token.slice(0, Math.ceil(token.length / 2)),
    token.slice(Math.floor(token.length / 2)),
  ]);
  return [...spellings];
}

/** Everything observable about a value, as text: util.inspect with unlimited depth and hidden properties, plus JSON. */
export function observable(value: unknown): string {
  const seen = inspect(value, { depth: Infinity, showHidden: true, getters: true, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity });
  let json = "";
  try {
    json = JSON.stringify(value) ?? "";
  } catch {
    // Cycles: the inspect text already covers it.
  }
  const message = value instanceof Error ? `${value.message}\n${value.stack ?? ""}` : "";
  return `${seen}\n${json}\n${message}`;
}

/** The named places (label → text) where some spelling of `token` occurs; empty when there is no leak. */
export function tokenLeaks(token: string, places: Record<string, unknown>): string[] {
  const spellings = tokenSpellings(token);
  const leaks: string[] = [];
  for (const [label, value] of Object.entries(places)) {
    const text = typeof value === "string" ? value : observable(value);
    for (const spelling of spellings) if (text.includes(spelling)) leaks.push(`${label} contains ${JSON.stringify(spelling)}`);
  }
  return leaks;
}
