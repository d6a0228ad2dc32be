/**
 * The `sensitiveValues` call option: secret parameter values (e.g. `content` values marked secret in Pulumi, `attach`
 * items) whose string forms are redacted like the token wherever a server might echo them.
 */

import { AltcraftValidationError } from "./errors";

/**
 * The shortest string form that is redacted. Shorter ones are skipped: scrubbing `"1"` would blank every digit of every
 * message, and a secret of 1 to 3 characters cannot be hidden by text replacement anyway. A 4-digit code is redacted.
 */
export const MIN_SENSITIVE_LENGTH = 4;

/** How deep nested arrays and objects in `sensitiveValues` are followed (attach items are small objects). */
const MAX_DEPTH = 8;

/**
 * The string forms to redact for `sensitiveValues`: strings (also trimmed), finite numbers and bigints in their
 * decimal form, and the leaves of nested arrays and plain objects (values, not keys). Booleans, `null` and
 * `undefined` are skipped: they have nothing to hide. Throws {@link AltcraftValidationError} for anything else,
 * naming the position and the type, never the value.
 */
export function sensitiveStrings(method: string, values: unknown): string[] {
  if (values === undefined) return [];
  const field = "options.sensitiveValues";
  if (!Array.isArray(values)) {
    throw new AltcraftValidationError(method, field, `must be an array of the call's secret values, got ${typeOf(values)}`);
  }
  const out = new Set<string>();
  const seen = new WeakSet<object>();
  const add = (text: string): void => {
    for (const form of [text, text.trim()]) if (form.length >= MIN_SENSITIVE_LENGTH) out.add(form);
  };
  const visit = (value: unknown, where: string, depth: number): void => {
    if (typeof value === "string") return add(value);
    if (typeof value === "number") {
      if (Number.isFinite(value)) add(String(value));
      return;
    }
    if (typeof value === "bigint") return add(value.toString());
    if (value === undefined || value === null || typeof value === "boolean") return;
    if (typeof value === "object" && (Array.isArray(value) || isPlainObject(value))) {
      if (seen.has(value)) return;
      if (depth >= MAX_DEPTH) throw new AltcraftValidationError(method, where, `nests deeper than ${MAX_DEPTH} levels`);
      seen.add(value);
      for (const [key, item] of Object.entries(value)) visit(item, Array.isArray(value) ? `${where}[${key}]` : `${where}.${key}`, depth + 1);
      return;
    }
    throw new AltcraftValidationError(method, where, `must be a string, number, bigint, boolean, array or plain object, got ${typeOf(value)}`);
  };
  values.forEach((value, index) => visit(value, `${field}[${index}]`, 1));
  return [...out];
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The type of a value, never the value: it may be the very secret. */
function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}
