import { describeValue } from "./describe";
import { ENTRY_NAME_PATTERN, ENTRY_NAME_RULE, type MailingEntryOptions } from "./format";

/** A refused field value: the field (or `aliases[1]`) and what is allowed. */
export interface FieldFailure {
  property: string;
  reason: string;
}

/**
 * Checks the resource-option fields of an entry (`protect`, `retainOnDelete`, `aliases`) and returns the options
 * they set. Rules that span entries (an alias naming another entry, or used twice) are the file walk's.
 */
export function checkEntryOptions(entryName: string, fields: Record<string, unknown>, fail: (failure: FieldFailure) => void): MailingEntryOptions {
  const options: MailingEntryOptions = {};
  for (const key of ["protect", "retainOnDelete"] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value === "boolean") options[key] = value;
    else fail({ property: key, reason: `must be true or false, got ${describeValue(value)}` });
  }
  const aliases = fields.aliases;
  if (aliases === undefined) return options;
  if (!Array.isArray(aliases)) {
    fail({ property: "aliases", reason: `must be a list of former entry names, e.g. [old-name], got ${describeValue(aliases)}` });
    return options;
  }
  const seen = new Set<string>();
  const names: string[] = [];
  aliases.forEach((alias: unknown, index) => {
    const property = `aliases[${index}]`;
    if (typeof alias !== "string" || !ENTRY_NAME_PATTERN.test(alias)) {
      fail({ property, reason: `must be a former entry name (${ENTRY_NAME_RULE}), got ${describeValue(alias)}` });
    } else if (alias === entryName) {
      fail({ property, reason: "is this entry's own name; list only the names it had before" });
    } else if (seen.has(alias)) {
      fail({ property, reason: `lists ${JSON.stringify(alias)} twice; keep one` });
    } else {
      seen.add(alias);
      names.push(alias);
    }
  });
  options.aliases = names;
  return options;
}
