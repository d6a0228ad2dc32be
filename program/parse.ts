import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { MailingsFileProblem } from "./problems";

/** A line and column, both 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed YAML document plus what the YAML library found wrong with it. */
export interface ParsedYaml {
  doc: Document.Parsed;
  /** Turns an offset into a 1-based line and column. */
  positionOf(offset: number): Position;
  /**
   * Syntax errors. When there are any, the tree cannot be trusted and validation stops at them;
   * duplicate keys are not among them (the tree stays sound, and the walk reports them with context).
   */
  syntaxProblems: MailingsFileProblem[];
  /** Offsets of repeated keys (each repeat, not the first occurrence), found by {@link findRepeatedKeys}. */
  duplicateKeyOffsets: Set<number>;
  /** Offsets of YAML merge keys (`<<:`), which the loader refuses (see {@link MERGE_KEY}). */
  mergeKeyOffsets: number[];
}

/** The YAML 1.1 merge key. The loader reads YAML 1.2, where it would be a plain `<<` field, so it is refused by name. */
export const MERGE_KEY = "<<";

/**
 * Parses one YAML document, keeping source ranges so every later problem can carry a line.
 *
 * Integers are read as bigints so a value beyond 2^53 is seen before it is rounded (`toPlain` refuses it), and
 * repeated keys are found by one linear walk instead of the library's check, which compares every key of a map
 * with every earlier one (100,000 entries took minutes).
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, intAsBigInt: true });
  const positionOf = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const syntaxProblems: MailingsFileProblem[] = [];
  for (const error of doc.errors) {
    const message =
      error.code === "MULTIPLE_DOCS"
        ? "holds more than one YAML document (a `---` line); keep all mailings in one document"
        : `YAML syntax error: ${error.message}`;
    syntaxProblems.push({ file, ...positionOf(error.pos[0]), message });
  }
  const { duplicateKeyOffsets, mergeKeyOffsets } = syntaxProblems.length > 0 ? { duplicateKeyOffsets: new Set<number>(), mergeKeyOffsets: [] } : findRepeatedKeys(doc);
  return { doc, positionOf, syntaxProblems, duplicateKeyOffsets, mergeKeyOffsets };
}

/**
 * Every repeated key and merge key in the document, in time linear in its size: one set of seen keys per map.
 * Aliases are not followed: the node they point at is walked where it is written.
 */
function findRepeatedKeys(doc: Document.Parsed): { duplicateKeyOffsets: Set<number>; mergeKeyOffsets: number[] } {
  const duplicateKeyOffsets = new Set<number>();
  const mergeKeyOffsets: number[] = [];
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (isScalar(key)) {
          const identity = `${typeof key.value}:${String(key.value)}`;
          const offset = key.range?.[0];
          if (seen.has(identity) && offset !== undefined) duplicateKeyOffsets.add(offset);
          seen.add(identity);
          if (key.value === MERGE_KEY && offset !== undefined) mergeKeyOffsets.push(offset);
        } else if (key !== null && !isAlias(key)) {
          pending.push(key);
        }
        pending.push(pair.value);
      }
    }
  }
  return { duplicateKeyOffsets, mergeKeyOffsets };
}
