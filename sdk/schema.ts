/**
 * One decoding layer for JSON and XML results. A schema lists each result field's wire names and type; JSON values
 * must already have that type, XML text is coerced ("true"/"false"/"1"/"0", digit strings). Keys match
 * case-insensitively (one doc example spells list items `Id`/`Name`/`Groups`), and in XML a repeated element that
 * occurs once arrives as a single value, so arrays accept one. An empty array has no element at all in XML, so an
 * absent (or null) array field decodes to `[]` in both formats: the two formats give deep-equal results.
 */

import { describe } from "./describe";
import type { WireFormat } from "./types";

/** A scalar field type. */
export type ScalarType = "integer" | "boolean" | "string";

/** A field type: a scalar, an array of scalars, or an array of records. */
export type FieldType = ScalarType | { arrayOf: ScalarType } | { arrayOfRecords: RecordSchema<object> };

/** One result field: its wire names (the first is the documented one), its type, whether it must be present. */
export interface FieldSpec {
  wire: readonly string[];
  type: FieldType;
  required?: boolean;
}

/** A schema for the record type `T`: one spec per property. */
export type RecordSchema<T> = { readonly [K in keyof T]-?: FieldSpec };

/** A body value that does not fit its schema; `path` is where, e.g. `data.is_active`. */
export class SchemaError extends Error {
  readonly path: string;
  readonly problem: string;

  constructor(path: string, problem: string) {
    const message = `${path} ${problem}`;
    super(message);
    this.name = "SchemaError";
    this.message = message;
    this.path = path;
    this.problem = problem;
  }
}

/** Decodes one record; absent optional scalar fields stay absent, absent array fields are `[]`. Throws {@link SchemaError}. */
export function decodeRecord<T>(raw: unknown, schema: RecordSchema<T>, path: string, format: WireFormat): T {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new SchemaError(path, `must be an object, got ${describeRaw(raw, format)}`);
  }
  const source = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema) as [string, FieldSpec][]) {
    const found = lookup(source, spec.wire);
    const fieldPath = `${path}.${found?.key ?? spec.wire[0] ?? name}`;
    const value = found === undefined ? undefined : decodeValue(found.value, spec.type, fieldPath, format);
    if (value === undefined) {
      if (spec.required) throw new SchemaError(fieldPath, "is missing");
      if (typeof spec.type !== "string") out[name] = [];
      continue;
    }
    out[name] = value;
  }
  return out as T;
}

/** Normalises a list value: JSON needs an array (null is empty); XML also takes one element, and `""` is empty. */
export function decodeList(raw: unknown, path: string, format: WireFormat): unknown[] {
  if (raw === null || raw === undefined) return [];
  if (Array.isArray(raw)) return raw;
  if (format === "xml") return raw === "" ? [] : [raw];
  throw new SchemaError(path, `must be an array, got ${describeRaw(raw, format)}`);
}

function lookup(source: Record<string, unknown>, names: readonly string[]): { key: string; value: unknown } | undefined {
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(source, name)) return { key: name, value: source[name] };
  }
  const lower = names.map((n) => n.toLowerCase());
  for (const key of Object.keys(source)) {
    if (lower.includes(key.toLowerCase())) return { key, value: source[key] };
  }
  return undefined;
}

function decodeValue(value: unknown, type: FieldType, path: string, format: WireFormat): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof type === "string") return decodeScalar(value, type, path, format);
  if (format === "xml" && value === "") return [];
  const items = decodeList(value, path, format);
  if ("arrayOf" in type) return items.map((item, i) => decodeScalar(item, type.arrayOf, `${path}[${i}]`, format));
  return items.map((item, i) => decodeRecord(item, type.arrayOfRecords, `${path}[${i}]`, format));
}

function decodeScalar(value: unknown, type: ScalarType, path: string, format: WireFormat): unknown {
  if (format === "xml") return coerceXml(value, type, path);
  const ok =
    type === "integer" ? typeof value === "number" && Number.isSafeInteger(value) : typeof value === type;
  if (!ok) throw new SchemaError(path, `must be ${article(type)}, got ${describe(value)}`);
  return value;
}

function coerceXml(value: unknown, type: ScalarType, path: string): unknown {
  if (typeof value !== "string") throw new SchemaError(path, `must be ${article(type)}, got ${describeRaw(value, "xml")}`);
  if (type === "string") return value;
  const text = value.trim();
  // An empty element (<data_id/>) is how XML writes a missing value.
  if (text === "") return undefined;
  if (type === "integer") {
    if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  } else {
    const lower = text.toLowerCase();
    if (lower === "true" || lower === "1") return true;
    if (lower === "false" || lower === "0") return false;
  }
  throw new SchemaError(path, `must be ${article(type)}, got ${describe(value)}`);
}

function article(type: ScalarType): string {
  return type === "integer" ? "an integer" : `a ${type}`;
}

function describeRaw(value: unknown, format: WireFormat): string {
  if (format === "xml" && typeof value === "object" && value !== null && !Array.isArray(value)) return "nested elements";
  return describe(value);
}
