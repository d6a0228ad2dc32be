import { isAlias, isScalar, type Document, type Pair, type YAMLMap } from "yaml";
import type { ParsedYaml } from "./parse";
import type { MailingsFileProblem } from "./problems";

/** Where a problem is and what it concerns; the file is filled in by the {@link Reporter}. */
export interface ProblemAt {
  node?: unknown;
  entry?: string;
  field?: string;
  message: string;
}

/** Collects problems for one file, turning tree nodes into lines and columns. */
export class Reporter {
  readonly problems: MailingsFileProblem[] = [];

  constructor(
    readonly file: string,
    readonly parsed: ParsedYaml,
  ) {}

  /** Records a problem at a node (or at no particular place when the node has no source range). */
  add({ node, entry, field, message }: ProblemAt): void {
    const offset = offsetOf(node);
    const position = offset === undefined ? {} : this.parsed.positionOf(offset);
    this.problems.push({ file: this.file, ...position, ...(entry === undefined ? {} : { entry }), ...(field === undefined ? {} : { field }), message });
  }

  /** The 1-based line of a node, for messages such as "first at line 3". */
  lineOf(node: unknown): number | undefined {
    const offset = offsetOf(node);
    return offset === undefined ? undefined : this.parsed.positionOf(offset).line;
  }

  /** True when the YAML library reported this key as a repeat of an earlier one in the same map. */
  isRepeatedKey(pair: Pair): boolean {
    const offset = offsetOf(pair.key);
    return offset !== undefined && this.parsed.duplicateKeyOffsets.has(offset);
  }

  /** Marks a repeated key as reported with context, so it is not reported again generically. */
  consumeRepeatedKey(pair: Pair): void {
    const offset = offsetOf(pair.key);
    if (offset !== undefined) this.parsed.duplicateKeyOffsets.delete(offset);
  }

  /**
   * Reports the repeated keys inside a field's value (two `promoCode:` under `content:`) with the entry and field,
   * found by binary search over the sorted offsets, so a file with many fields and many repeats stays linear.
   */
  reportRepeatsInside(node: unknown, entry: string, field: string): void {
    const range = (node as { range?: readonly number[] | null } | null)?.range;
    const [start, , end] = range ?? [];
    if (start === undefined || end === undefined || this.parsed.duplicateKeyOffsets.size === 0) return;
    this.sortedRepeats ??= [...this.parsed.duplicateKeyOffsets].sort((a, b) => a - b);
    const sorted = this.sortedRepeats;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sorted[middle] ?? 0) < start) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < sorted.length && (sorted[i] ?? end) < end; i++) {
      const offset = sorted[i] ?? 0;
      if (!this.parsed.duplicateKeyOffsets.delete(offset)) continue;
      this.problems.push({ file: this.file, ...this.parsed.positionOf(offset), entry, field, message: "repeats a key already used in the same map; YAML keys must be unique" });
    }
  }

  private sortedRepeats: number[] | undefined;
}

/** The start offset of a node, when it has one. */
export function offsetOf(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}

/** Follows an alias (`*name`) to the node it stands for. */
export function resolveNode(node: unknown, doc: Document.Parsed): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The key of a pair as a string, or undefined when it is not a plain string scalar. */
export function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === "string" ? pair.key.value : undefined;
}

/** The key of a pair as the user wrote it, for messages about keys that are not names. */
export function keyShown(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : "a complex key";
}

/** True for a missing value or an explicit null (`key:` with nothing after it, `~`, `null`). */
export function isNullNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** The pair of a map whose key is `key`, if any. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyText(pair) === key);
}
