import { isMap, isScalar, isSeq, type Pair, type YAMLMap } from "yaml";
import { checkActivatedMailingInputs } from "../provider/check";
import { closestName, describeValue } from "./describe";
import { ENTRY_FIELDS, OPTION_FIELDS, type MailingEntryInputs, type MailingEntryOptions } from "./format";
import { findPair, isNullNode, keyShown, keyText, resolveNode, type Reporter } from "./nodes";
import { checkEntryOptions, type FieldFailure } from "./options";
import { MERGE_KEY } from "./parse";
import { joinPath, toPlain, toPlainChecked } from "./plain";
import { findSdkReservedKeys } from "./sdk-keys";

const TOKEN_FIELDS = new Set(["token", "apiToken", "api_token"]);
// Fields whose values reach Pulumi as nested maps and lists, where a key the SDK cannot serialize may hide.
const NESTED_FIELDS = new Set(["content", "attach", "triggers"]);
const OPTION_FIELD_SET = new Set<string>(OPTION_FIELDS);

/** What {@link validateEntry} learned: the inputs when the entry is sound, and its mailing id whenever that is valid. */
export interface EntryOutcome {
  inputs?: MailingEntryInputs;
  /** Resource options, when the entry is sound and sets any. */
  options?: MailingEntryOptions;
  /** Set even when other fields are wrong, so two entries for one mailing are caught in the same pass. */
  mailingId?: number;
  /** The `mailingId` field's key node, to point at. */
  mailingIdNode?: unknown;
  /** Valid former names with their nodes, for the checks across entries. */
  aliases?: { name: string; node: unknown }[];
}

/**
 * Validates one entry's fields. File-level rules (unknown or repeated fields, empty values, numbers that would be
 * rounded, keys the Pulumi SDK cannot pass) live here; the input values themselves go through the provider's own
 * `checkActivatedMailingInputs`, so those rules exist once.
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

  const inputs: Record<string, unknown> = {};
  const optionFields: Record<string, unknown> = {};
  const firstLine = new Map<string, number | undefined>();
  for (const pair of value.items) {
    const field = keyText(pair);
    if (field === MERGE_KEY) continue; // reported once for the whole file
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
    reporter.reportRepeatsInside(pair.value, name, field);
    const plain = toPlainChecked(pair.value, doc);
    const issues = [...plain.issues, ...(NESTED_FIELDS.has(field) && plain.issues.length === 0 ? findSdkReservedKeys(plain.value) : [])];
    for (const issue of issues) {
      reporter.add({ node: locatePath(pair, issue.path, reporter) ?? pair.key, entry: name, field: joinPath(field, issue.path), message: issue.message });
    }
    // A value already refused stays out of the input checks, which could only repeat the problem or trip on it.
    if (issues.length > 0) continue;
    if (OPTION_FIELD_SET.has(field)) optionFields[field] = plain.value;
    else inputs[field] = plain.value;
  }

  const failures: FieldFailure[] = [];
  const fail = (failure: FieldFailure) => failures.push(failure);
  const options = checkEntryOptions(name, optionFields, fail);
  // A field refused above (e.g. mailingId as an unsafe integer) must not also read as missing.
  const refused = new Set(reporter.problems.slice(before).map((problem) => problem.field?.split(/[.[]/)[0]));
  failures.push(...checkActivatedMailingInputs(inputs).failures.filter((failure) => !refused.has(failure.property)));
  for (const failure of failures) {
    reporter.add({ node: locateProperty(value, failure.property, reporter) ?? entryPair.key, entry: name, field: failure.property, message: failure.reason });
  }

  const outcome: EntryOutcome = {};
  if (reporter.problems.length === before) {
    outcome.inputs = inputs as unknown as MailingEntryInputs;
    if (Object.keys(options).length > 0) outcome.options = options;
  }
  if (typeof inputs.mailingId === "number" && Number.isSafeInteger(inputs.mailingId) && inputs.mailingId > 0) {
    outcome.mailingId = inputs.mailingId;
    outcome.mailingIdNode = findPair(value, "mailingId")?.key;
  }
  if (options.aliases !== undefined) {
    const aliasNodes = resolveNode(findPair(value, "aliases")?.value, doc);
    outcome.aliases = options.aliases.map((alias) => ({
      name: alias,
      node: isSeq(aliasNodes) ? aliasNodes.items.find((item) => isScalar(item) && item.value === alias) : undefined,
    }));
  }
  return outcome;
}

function unknownFieldMessage(field: string): string {
  if (TOKEN_FIELDS.has(field)) {
    return "the API token does not belong in this file (it would be committed and stored in state); " +
      "set it with `pulumi config set --secret altcraft:token <token>` or the ALTCRAFT_TOKEN environment variable";
  }
  const suggestion = field.length > 40 ? undefined : closestName(field, ENTRY_FIELDS);
  return `unknown field${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}; allowed: ${ENTRY_FIELDS.join(", ")}`;
}

/** The node at a path inside a field's value (a map's key node, a list's item), as deep as the path can be followed. */
function locatePath(pair: Pair, path: readonly (string | number)[], reporter: Reporter): unknown {
  let found: unknown = pair.key;
  let node = resolveNode(pair.value, reporter.parsed.doc);
  for (const step of path) {
    if (typeof step === "number" && isSeq(node)) {
      found = node.items[step] ?? found;
      node = resolveNode(node.items[step], reporter.parsed.doc);
    } else if (typeof step === "string" && isMap(node)) {
      const inner = findPair(node, step);
      if (!inner) break;
      found = inner.key;
      node = resolveNode(inner.value, reporter.parsed.doc);
    } else {
      break;
    }
  }
  return found;
}

/** The node a check failure's property names: `overrideLimit`, `content.promoCode`, `attach[0]` or `aliases[1]`. */
function locateProperty(entry: YAMLMap, property: string, reporter: Reporter): unknown {
  const match = /^([^.[]+)(?:\.(.+)|\[(\d+)\])?$/.exec(property);
  const field = match?.[1];
  const pair = field === undefined ? undefined : findPair(entry, field);
  if (!pair) return undefined;
  const key = match?.[2];
  const index = match?.[3];
  return locatePath(pair, key !== undefined ? [key] : index !== undefined ? [Number(index)] : [], reporter);
}
