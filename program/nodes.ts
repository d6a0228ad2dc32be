import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from "yaml";
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

/** The plain JavaScript value of a node, aliases resolved. */
export function toPlain(node: unknown, doc: Document.Parsed): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) return (node as Node).toJS(doc);
  return node;
}

/** True for a missing value or an explicit null (`key:` with nothing after it, `~`, `null`). */
export function isNullNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** The pair of a map whose key is `key`, if any. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyText(pair) === key);
}
