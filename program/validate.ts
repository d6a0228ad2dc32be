import { isMap, isSeq, type Pair } from "yaml";
import { describeValue } from "./describe";
import { validateEntry } from "./entry";
import { ENTRY_NAME_PATTERN, ENTRY_NAME_RULE, MAILINGS_KEY, type MailingEntry } from "./format";
import { isNullNode, keyShown, keyText, resolveNode, toPlain, Reporter } from "./nodes";
import type { ParsedYaml } from "./parse";
import { sortProblems, type MailingsFileProblem } from "./problems";

/** The outcome of validating a mailings document: the entries, or every problem found. */
export interface MailingsValidation {
  entries: MailingEntry[];
  problems: MailingsFileProblem[];
}

const SHAPE = "e.g. `mailings: {welcome-series: {mailingId: 101}}` (format: docs/examples.md)";

/** Validates a parsed mailings document as a whole: shape, entries, names and one entry per mailing. */
export function validateMailingsDocument(parsed: ParsedYaml, file: string): MailingsValidation {
  if (parsed.syntaxProblems.length > 0) return { entries: [], problems: parsed.syntaxProblems };
  const reporter = new Reporter(file, parsed);
  const entries = walkTopLevel(reporter);
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
    reporter.add({ node: pair.key, message: `unknown top-level key ${JSON.stringify(keyShown(pair))}; allowed: ${MAILINGS_KEY} (entries go under it)` });
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
  for (const pair of map.items) {
    const name = keyText(pair);
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
    const { inputs, mailingId, mailingIdNode } = validateEntry(name, pair, reporter);
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
    if (inputs) entries.push({ name, inputs, line: line ?? 0 });
  }
  return entries;
}
