import { LineCounter, parseDocument, type Document } from "yaml";
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
  /** Offsets of keys the YAML library reported as duplicates (each repeat, not the first occurrence). */
  duplicateKeyOffsets: Set<number>;
}

/** Parses one YAML document, keeping source ranges so every later problem can carry a line. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const positionOf = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const syntaxProblems: MailingsFileProblem[] = [];
  const duplicateKeyOffsets = new Set<number>();
  for (const error of doc.errors) {
    const offset = error.pos[0];
    if (error.code === "DUPLICATE_KEY") {
      duplicateKeyOffsets.add(offset);
      continue;
    }
    const message =
      error.code === "MULTIPLE_DOCS"
        ? "holds more than one YAML document (a `---` line); keep all mailings in one document"
        : `YAML syntax error: ${error.message}`;
    syntaxProblems.push({ file, ...positionOf(offset), message });
  }
  return { doc, positionOf, syntaxProblems, duplicateKeyOffsets };
}
