import { isMap, isSeq, type Pair } from "yaml";
import { describeValue } from "./describe";
import { validateEntry } from "./entry";
import { ENTRY_NAME_PATTERN, ENTRY_NAME_RULE, MAILINGS_KEY, type MailingEntry } from "./format";
import { isNullNode, keyShown, keyText, resolveNode, Reporter } from "./nodes";
import { MERGE_KEY, type ParsedYaml } from "./parse";
import { toPlain } from "./plain";
import { sortProblems, type MailingsFileProblem } from "./problems";

/** The outcome of validating a mailings document: the entries, or every problem found. */
export interface MailingsValidation {
  entries: MailingEntry[];
  problems: MailingsFileProblem[];
}

const SHAPE = "e.g. `mailings: {welcome-series: {mailingId: 101}}` (format: docs/examples.md)";
const SHARE_VALUES = "to share a value, put the anchor where it is first used (`content: &shared {brand: Acme}`) and refer to it later (`content: *shared`)";
const MERGE_REFUSED = `YAML merge keys (\`<<: *anchor\`) are not supported: this file is read as YAML 1.2, which has none, so the fields would not be merged; write the fields out in each entry; ${SHARE_VALUES}`;

/** Validates a parsed mailings document as a whole: shape, entries, names and one entry per mailing. */
export function validateMailingsDocument(parsed: ParsedYaml, file: string): MailingsValidation {
  if (parsed.syntaxProblems.length > 0) return { entries: [], problems: parsed.syntaxProblems };
  const reporter = new Reporter(file, parsed);
  for (const offset of parsed.mergeKeyOffsets) reporter.problems.push({ file, ...parsed.positionOf(offset), message: MERGE_REFUSED });
  let entries: MailingEntry[];
  try {
    entries = walkTopLevel(reporter);
  } catch (error) {
    // Whatever the checks above did not foresee still names the file instead of escaping as a bare error.
    reporter.problems.push({ file, message: `cannot be validated: ${error instanceof Error ? error.message : String(error)}` });
    entries = [];
  }
  // Repeated keys the walk did not meet (inside `content`, say) still get reported, with their line.
  for (const offset of parsed.duplicateKeyOffsets) {
    reporter.problems.push({ file, ...parsed.positionOf(offset), message: "repeats a key already used in the same map; YAML keys must be unique" });
  }
  return reporter.problems.length > 0 ? { entries: [], problems: sortProblems(reporter.problems) } : { entries, problems: [] };
}

function walkTopLevel(reporter: Reporter): MailingEntry[] {
  const doc = reporter.parsed.doc;
  const top = resolveNode(doc.contents, doc);
  if (isNullNode(top)) {
    reporter.add({ message: `is empty; declare the mailings under a top-level \`${MAILINGS_KEY}:\` map, ${SHAPE}` });
    return [];
  }
  if (!isMap(top)) {
    reporter.add({ node: top, message: `the top level must be a map with a \`${MAILINGS_KEY}:\` key, got ${describeValue(toPlain(top, doc))}; ${SHAPE}` });
    return [];
  }
  let mailings: Pair | undefined;
  const others: Pair[] = [];
  for (const pair of top.items) {
    if (keyText(pair) === MERGE_KEY) continue;
    if (keyText(pair) !== MAILINGS_KEY) others.push(pair);
    else if (mailings === undefined) mailings = pair;
    else {
      reporter.consumeRepeatedKey(pair);
      reporter.add({ node: pair.key, message: `\`${MAILINGS_KEY}:\` appears twice (first at line ${reporter.lineOf(mailings.key)}); keep one` });
    }
  }
  if (mailings === undefined) {
    const found = others.map((pair) => JSON.stringify(keyShown(pair))).join(", ");
    reporter.add({ node: top, message: `has no top-level \`${MAILINGS_KEY}:\` key (found ${found}); entries go under it, ${SHAPE}` });
    return [];
  }
  for (const pair of others) {
    const anchored = typeof (pair.value as { anchor?: unknown } | null)?.anchor === "string";
    const anchorHint = anchored ? `; top-level keys cannot hold YAML anchors either: ${SHARE_VALUES}` : "";
    reporter.add({ node: pair.key, message: `unknown top-level key ${JSON.stringify(keyShown(pair))}; allowed: ${MAILINGS_KEY} (entries go under it)${anchorHint}` });
  }
  return walkEntries(mailings, reporter);
}

function walkEntries(mailings: Pair, reporter: Reporter): MailingEntry[] {
  const doc = reporter.parsed.doc;
  const map = resolveNode(mailings.value, doc);
  // `mailings:` with nothing under it is what is left after removing every entry: it declares none.
  if (isNullNode(map)) return [];
  if (!isMap(map)) {
    const hint = isSeq(map) ? " (a map keyed by resource name, not a list)" : "";
    reporter.add({ node: mailings.value, field: MAILINGS_KEY, message: `must be a map of entries${hint}, got ${describeValue(toPlain(map, doc))}; ${SHAPE}` });
    return [];
  }

  const entries: MailingEntry[] = [];
  const nameLines = new Map<string, number | undefined>();
  const owners = new Map<number, { name: string; line: number | undefined }>();
  const aliasUses: { alias: string; entry: string; node: unknown }[] = [];
  for (const pair of map.items) {
    const name = keyText(pair);
    if (name === MERGE_KEY) continue;
    if (name === undefined || !ENTRY_NAME_PATTERN.test(name)) {
      const shown = name === undefined ? keyShown(pair) : JSON.stringify(name);
      reporter.add({ node: pair.key ?? pair.value, message: `entry key ${shown} is not a resource name; use ${ENTRY_NAME_RULE} (the mailing's id goes in \`mailingId\`)` });
      continue;
    }
    if (reporter.isRepeatedKey(pair) || nameLines.has(name)) {
      reporter.consumeRepeatedKey(pair);
      reporter.add({ node: pair.key, entry: name, message: `is defined twice (first at line ${nameLines.get(name)}); each key names one resource` });
      continue;
    }
    const line = reporter.lineOf(pair.key);
    nameLines.set(name, line);
    const { inputs, options, mailingId, mailingIdNode, aliases } = validateEntry(name, pair, reporter);
    for (const alias of aliases ?? []) aliasUses.push({ alias: alias.name, entry: name, node: alias.node ?? pair.key });
    if (mailingId !== undefined) {
      const owner = owners.get(mailingId);
      if (owner) {
        reporter.add({
          node: mailingIdNode ?? pair.key,
          entry: name,
          field: "mailingId",
          message: `mailing ${mailingId} is already declared by entry "${owner.name}" (line ${owner.line}); one mailing can have only one desired state`,
        });
        continue;
      }
      owners.set(mailingId, { name, line });
    }
    if (inputs) entries.push({ name, inputs, ...(options && { options }), line: line ?? 0 });
  }
  checkAliasesAcrossEntries(aliasUses, nameLines, reporter);
  return entries;
}

/** A former name may be claimed by one entry only, and never be the name of an entry that exists now. */
function checkAliasesAcrossEntries(uses: { alias: string; entry: string; node: unknown }[], nameLines: Map<string, number | undefined>, reporter: Reporter): void {
  const claimed = new Map<string, { entry: string; line: number | undefined }>();
  for (const use of uses) {
    const field = "aliases";
    if (nameLines.has(use.alias)) {
      reporter.add({
        node: use.node,
        entry: use.entry,
        field,
        message: `${JSON.stringify(use.alias)} is the name of an entry in this file (line ${nameLines.get(use.alias)}); aliases list former names that no entry has any more`,
      });
      continue;
    }
    const earlier = claimed.get(use.alias);
    if (earlier) {
      reporter.add({
        node: use.node,
        entry: use.entry,
        field,
        message: `${JSON.stringify(use.alias)} is already an alias of entry "${earlier.entry}" (line ${earlier.line}); a former name can become only one entry`,
      });
      continue;
    }
    claimed.set(use.alias, { entry: use.entry, line: reporter.lineOf(use.node) });
  }
}
