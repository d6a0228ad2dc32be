/** Reading the platform's "answered from the de-duplication cache" markers off a response. */

import { DEDUP_HEADER_SPELLINGS } from "./codes";

/** Header values that mean "yes" in a duplicate marker. */
const TRUE_VALUES: ReadonlySet<string> = new Set(["true", "1", "yes"]);

/**
 * True when a response was replayed from the de-duplication cache: `Duplicate-Request` or `X-Duplicate-Request` says
 * true, or, when neither is present, a `Duplicate-Key` / `X-Duplicate-Key` names the cache entry. A header repeated
 * by a proxy arrives joined (`"true, true"`) or as an array; any item that says true counts.
 * @param headers response headers with lower-case names.
 */
export function isDuplicateAnswer(headers: Readonly<Record<string, string | readonly string[] | undefined>>): boolean {
  const markers = DEDUP_HEADER_SPELLINGS.duplicate.map((name) => items(headers[name.toLowerCase()]));
  if (markers.some((values) => values.some((value) => TRUE_VALUES.has(value.toLowerCase())))) return true;
  if (markers.some((values) => values.length > 0)) return false;
  return DEDUP_HEADER_SPELLINGS.duplicateKey.some((name) => items(headers[name.toLowerCase()]).length > 0);
}

function items(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = typeof value === "string" ? value : value.join(",");
  return joined
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
