import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from "yaml";

/** Something wrong with a value, found while turning it into plain JavaScript; `path` leads from the field to it. */
export interface ValueIssue {
  /** Map keys (strings) and list indexes (numbers) from the field's value down to the bad part; empty for the value itself. */
  path: (string | number)[];
  message: string;
}

/** A node's plain JavaScript value, and what stops it from reaching Altcraft intact. */
export interface PlainValue {
  value: unknown;
  issues: ValueIssue[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The plain JavaScript value of a node, aliases resolved, integers as numbers. An integer beyond 2^53 - 1 is an
 * issue (a number would round it), and so is an alias expansion past the YAML library's budget (an "alias bomb"),
 * reported instead of the library's raw `ReferenceError`.
 */
export function toPlainChecked(node: unknown, doc: Document.Parsed): PlainValue {
  if (node === null || node === undefined) return { value: null, issues: [] };
  if (!(isScalar(node) || isMap(node) || isSeq(node) || isAlias(node))) return { value: node, issues: [] };
  let raw: unknown;
  try {
    raw = (node as Node).toJS(doc);
  } catch (error) {
    return { value: undefined, issues: [{ path: [], message: expansionFailure(error) }] };
  }
  const issues: ValueIssue[] = [];
  const value = convertNumbers(raw, [], issues);
  return { value, issues };
}

/** {@link toPlainChecked} for messages that only describe a value: issues are ignored. */
export function toPlain(node: unknown, doc: Document.Parsed): unknown {
  return toPlainChecked(node, doc).value;
}

/** `content.promo`, `attach[0].size`: a field and a path inside it, as problems name them. */
export function joinPath(field: string, path: readonly (string | number)[]): string {
  return path.reduce<string>((text, step) => (typeof step === "number" ? `${text}[${step}]` : `${text}.${step}`), field);
}

function expansionFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/alias/i.test(text)) {
    return "expands YAML aliases too many times (an alias that refers to aliases, many levels deep: an \"alias bomb\"); write the values out, or use each anchor fewer times";
  }
  if (error instanceof RangeError) return "is nested too deeply to read; flatten it";
  return `cannot be read: ${text}`;
}

function convertNumbers(value: unknown, path: (string | number)[], issues: ValueIssue[]): unknown {
  if (typeof value === "bigint") {
    if (value <= BigInt(MAX_SAFE) && value >= BigInt(-MAX_SAFE)) return Number(value);
    issues.push({ path: [...path], message: unsafeMessage(value.toString()) });
    return value.toString();
  }
  if (typeof value === "number") {
    if (Number.isFinite(value) && Number.isInteger(value) && !Number.isSafeInteger(value)) issues.push({ path: [...path], message: unsafeMessage(String(value)) });
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => convertNumbers(item, [...path, index], issues));
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      // defineProperty keeps a `__proto__` key as data (it is refused later, by name) instead of setting the prototype.
      Object.defineProperty(out, key, {
        value: convertNumbers((value as Record<string, unknown>)[key], [...path, key], issues),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

function unsafeMessage(written: string): string {
  return `the number ${written} is beyond 2^53 - 1 (${MAX_SAFE}), where JavaScript and Pulumi round numbers; ` +
    `write it in quotes ("${written}") to send it as text, or use a smaller number`;
}
