/**
 * Property paths (`a.b`, `a[0]`, `a["b.c"]`, `*`) and the engine's `ignoreChanges` reset, after
 * `sdk/go/common/resource/properties_path.go` (`ParsePropertyPath`, `PropertyPath.reset`) and
 * `pkg/resource/deploy/step_generator.go` (`processIgnoreChanges`) at pulumi/pulumi 1b5949891b (pkg/v3.259.0+14).
 */
import { isSecret, secret, type Props } from "./propertyValues";

/** One path element: an object key or an array index. */
export type PathElement = string | number;

/** Parses a property path; throws on a malformed one, naming it. */
export function parsePropertyPath(path: string): PathElement[] {
  const elements: PathElement[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) throw new Error(`property path '${path}': missing ']'`);
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) elements.push(Number(inner));
      else if (/^".*"$/.test(inner)) elements.push(inner.slice(1, -1).replace(/\\"/g, '"'));
      else throw new Error(`property path '${path}': '[${inner}]' must be an index or a quoted key`);
      i = close + 1;
    } else {
      if (path[i] === ".") i++;
      const match = /^[^.[]+/.exec(path.slice(i));
      if (!match) throw new Error(`property path '${path}': empty key at ${i}`);
      elements.push(match[0]);
      i += match[0].length;
    }
  }
  if (elements.length === 0) throw new Error("property path is empty");
  return elements;
}

/** True if `prefix` is the whole of `path` or a leading part of it (the engine's `PropertyPath.Contains`). */
export function pathContains(prefix: readonly PathElement[], path: readonly PathElement[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((element, i) => element === "*" || element === path[i]);
}

type Container = Record<string, unknown> | unknown[];

function unwrap(value: unknown): { value: unknown; secret: boolean } {
  let secretContext = false;
  let current = value;
  while (isSecret(current)) {
    secretContext = true;
    current = current.value;
  }
  return { value: current, secret: secretContext };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Returns false on a path the engine reports as "cannot ignore changes in added or removed elements".
function reset(path: readonly PathElement[], oldRaw: unknown, newRaw: unknown, oldSecret: boolean, newSecret: boolean): boolean {
  const o = unwrap(oldRaw);
  const n = unwrap(newRaw);
  const old = o.value;
  const neu = n.value;
  oldSecret ||= o.secret;
  newSecret ||= n.secret;
  const [key, ...rest] = path;
  const carry = (v: unknown): unknown => (oldSecret && !newSecret && !isSecret(v) ? secret(v) : v);
  if (typeof key === "number") {
    if (!Array.isArray(old) || !Array.isArray(neu)) return !Array.isArray(old) && !Array.isArray(neu);
    if (key >= old.length && key >= neu.length) return true;
    if (key >= old.length || key >= neu.length) return false;
    if (rest.length === 0) {
      neu[key] = carry(old[key]);
      return true;
    }
    return reset(rest, old[key], neu[key], oldSecret, newSecret);
  }
  if (key === undefined) return false;
  if (!isObject(neu)) return !isObject(old);
  const oldObject = isObject(old) ? old : {};
  const keys = key === "*" ? [...new Set([...Object.keys(oldObject), ...Object.keys(neu)])] : [key];
  let ok = true;
  for (const k of keys) {
    const hasOld = k in oldObject;
    if (rest.length === 0) {
      if (hasOld) neu[k] = carry(oldObject[k]);
      else delete neu[k];
    } else if (hasOld && k in neu) {
      ok = reset(rest, oldObject[k], neu[k], oldSecret, newSecret) && ok;
    } else if (hasOld !== k in neu) {
      ok = false;
    }
  }
  return ok;
}

/**
 * `processIgnoreChanges`: a copy of `news` where each ignored path holds the old value, or is removed when the old
 * inputs lack it. Paths that cross an added or removed element are reported through `onInvalid`.
 */
export function processIgnoreChanges(news: Props, olds: Props, ignoreChanges: readonly string[], onInvalid?: (paths: string[]) => void): Props {
  const result = JSON.parse(JSON.stringify(news)) as Container as Props;
  const invalid: string[] = [];
  for (const text of ignoreChanges) {
    if (!reset(parsePropertyPath(text), olds, result, false, false)) invalid.push(text);
  }
  if (invalid.length > 0) onInvalid?.(invalid);
  return result;
}
