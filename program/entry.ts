import { isMap, isSeq, type Pair, type YAMLMap } from "yaml";
import { checkActivatedMailingInputs } from "../provider/check";
import { closestName, describeValue } from "./describe";
import { ENTRY_FIELDS, type MailingEntryInputs } from "./format";
import { findPair, isNullNode, keyShown, keyText, resolveNode, toPlain, type Reporter } from "./nodes";

const TOKEN_FIELDS = new Set(["token", "apiToken", "api_token"]);

/** What {@link validateEntry} learned: the inputs when the entry is sound, and its mailing id whenever that is valid. */
export interface EntryOutcome {
  inputs?: MailingEntryInputs;
  /** Set even when other fields are wrong, so two entries for one mailing are caught in the same pass. */
  mailingId?: number;
  /** The `mailingId` field's key node, to point at. */
  mailingIdNode?: unknown;
}

/**
 * Validates one entry's fields. File-level rules (unknown or repeated fields, empty values) live here; the
 * values themselves go through the provider's own `checkActivatedMailingInputs`, so the rules exist once.
 */
export function validateEntry(name: string, entryPair: Pair, reporter: Reporter): EntryOutcome {
  const doc = reporter.parsed.doc;
  const value = resolveNode(entryPair.value, doc);
  const before = reporter.problems.length;
  if (isNullNode(value)) {
    reporter.add({ node: entryPair.key, entry: name, message: "has no fields; it needs at least `mailingId: <id>`" });
    return {};
  }
  if (!isMap(value)) {
    reporter.add({
      node: entryPair.value,
      entry: name,
      message: `must be a map of inputs such as \`mailingId: 101\`, got ${describeValue(toPlain(value, doc))}`,
    });
    return {};
  }

  const fields: Record<string, unknown> = {};
  const firstLine = new Map<string, number | undefined>();
  for (const pair of value.items) {
    const field = keyText(pair);
    if (field === undefined) {
      reporter.add({ node: pair.key ?? pair.value, entry: name, message: `field names are strings; got ${keyShown(pair)}; allowed: ${ENTRY_FIELDS.join(", ")}` });
      continue;
    }
    if (reporter.isRepeatedKey(pair) || firstLine.has(field)) {
      reporter.consumeRepeatedKey(pair);
      const first = firstLine.get(field);
      reporter.add({ node: pair.key, entry: name, field, message: `appears twice${first === undefined ? "" : ` (first at line ${first})`}; keep one` });
      continue;
    }
    firstLine.set(field, reporter.lineOf(pair.key));
    if (!ENTRY_FIELDS.includes(field)) {
      reporter.add({ node: pair.key, entry: name, field, message: unknownFieldMessage(field) });
      continue;
    }
    if (isNullNode(pair.value)) {
      reporter.add({ node: pair.key, entry: name, field, message: "has no value; give it one or remove the line" });
      continue;
    }
    fields[field] = toPlain(pair.value, doc);
    reportRepeatsInside(pair, name, field, reporter);
  }

  for (const failure of checkActivatedMailingInputs(fields).failures) {
    reporter.add({ node: locateProperty(value, failure.property, reporter) ?? entryPair.key, entry: name, field: failure.property, message: failure.reason });
  }
  const outcome: EntryOutcome = {};
  if (reporter.problems.length === before) outcome.inputs = fields as unknown as MailingEntryInputs;
  if (typeof fields.mailingId === "number" && Number.isSafeInteger(fields.mailingId) && fields.mailingId > 0) {
    outcome.mailingId = fields.mailingId;
    outcome.mailingIdNode = findPair(value, "mailingId")?.key;
  }
  return outcome;
}

/** Repeated keys inside a field's value (two `promoCode:` under `content:`), reported with the entry and field. */
function reportRepeatsInside(pair: Pair, entry: string, field: string, reporter: Reporter): void {
  const range = (pair.value as { range?: readonly number[] | null } | null)?.range;
  const [start, , end] = range ?? [];
  if (start === undefined || end === undefined) return;
  for (const offset of [...reporter.parsed.duplicateKeyOffsets]) {
    if (offset < start || offset >= end) continue;
    reporter.parsed.duplicateKeyOffsets.delete(offset);
    reporter.problems.push({ file: reporter.file, ...reporter.parsed.positionOf(offset), entry, field, message: "repeats a key already used in the same map; YAML keys must be unique" });
  }
}

function unknownFieldMessage(field: string): string {
  if (TOKEN_FIELDS.has(field)) {
    return "the API token does not belong in this file (it would be committed and stored in state); " +
      "set it with `pulumi config set --secret altcraft:token <token>` or the ALTCRAFT_TOKEN environment variable";
  }
  const suggestion = closestName(field, ENTRY_FIELDS);
  return `unknown field${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}; allowed: ${ENTRY_FIELDS.join(", ")}`;
}

/** The node a check failure's property names: `overrideLimit`, `content.promoCode` or `attach[0]`. */
function locateProperty(entry: YAMLMap, property: string, reporter: Reporter): unknown {
  const match = /^([^.[]+)(?:\.(.+)|\[(\d+)\])?$/.exec(property);
  const field = match?.[1];
  const pair = field === undefined ? undefined : findPair(entry, field);
  if (!pair) return undefined;
  const inner = resolveNode(pair.value, reporter.parsed.doc);
  const key = match?.[2];
  if (key !== undefined && isMap(inner)) return findPair(inner, key)?.key ?? pair.key;
  const index = match?.[3];
  if (index !== undefined && isSeq(inner)) return inner.items[Number(index)] ?? pair.key;
  return pair.key;
}
