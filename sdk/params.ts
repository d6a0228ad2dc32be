/**
 * Method parameters → the API's snake_case fields. Each method lists its parameters in wire order, so bodies come out
 * in the order the docs show (the canonical activate example is byte-identical). Undefined parameters are left out
 * entirely (a parameter left out is not sent); unknown ones are refused, since a misspelt `runNow` would silently
 * launch nothing.
 */

import { describe } from "./describe";
import type { EndpointName } from "./endpoints";
import { AltcraftValidationError } from "./errors";
import type { WireFormat } from "./types";

/** Returns a problem ("must be …, got …") or undefined when the value is fine. */
type Check = (value: unknown, format: WireFormat) => string | undefined;

/** One parameter: its camelCase name, its wire name and its check. */
export interface ParamSpec {
  name: string;
  wire: string;
  check: Check;
  required?: boolean;
}

const positiveInteger: Check = (v) =>
  typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? undefined : `must be a positive integer, got ${describe(v)}`;

const boolean: Check = (v) => (typeof v === "boolean" ? undefined : `must be true or false, got ${describe(v)}`);

const nonEmptyString: Check = (v) =>
  typeof v === "string" && v.trim() !== "" ? undefined : `must be a non-empty string, got ${describe(v)}`;

const sourceType: Check = (v) => (v === "list" || v === "segment" ? undefined : `must be "list" or "segment", got ${describe(v)}`);

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const dateTime: Check = (v) =>
  typeof v === "string" && RFC3339.test(v) && !Number.isNaN(Date.parse(v))
    ? undefined
    : `must be an RFC 3339 date-time such as "2024-05-20T09:17:53Z", got ${describe(v)}`;

const stringArray: Check = (v) =>
  Array.isArray(v) && v.every((item) => typeof item === "string" && item !== "")
    ? undefined
    : `must be an array of non-empty strings, got ${describeArray(v)}`;

const positiveIntegerArray: Check = (v) =>
  Array.isArray(v) && v.every((item) => typeof item === "number" && Number.isSafeInteger(item) && item > 0)
    ? undefined
    : `must be an array of positive integers, got ${describeArray(v)}`;

const array: Check = (v) => (Array.isArray(v) ? undefined : `must be an array, got ${describe(v)}`);

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const apiContent: Check = (v, format) => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return `must be an object of string, number or boolean values, got ${describe(v)}`;
  for (const [key, item] of Object.entries(v)) {
    // Keys become element names in XML, so only there must they be XML names.
    if (format === "xml" && !XML_NAME.test(key)) return `key ${JSON.stringify(key)} must start with a letter or _ and hold only letters, digits, _ . or -`;
    const ok = typeof item === "string" || typeof item === "boolean" || (typeof item === "number" && Number.isFinite(item));
    if (!ok) return `value of ${JSON.stringify(key)} must be a string, number or boolean, got ${describe(item)}`;
  }
  return undefined;
};

function describeArray(v: unknown): string {
  if (!Array.isArray(v)) return describe(v);
  const bad = v.find((item) => typeof item !== "string" && typeof item !== "number");
  const shown = v.slice(0, 5).map((item) => describe(item));
  return bad === undefined ? `[${shown.join(", ")}${v.length > 5 ? ", …" : ""}]` : `an array holding ${describe(bad)}`;
}

const id: ParamSpec = { name: "id", wire: "id", check: positiveInteger, required: true };

/** Every method's parameters, in wire order. */
export const PARAM_SPECS: Readonly<Record<EndpointName, readonly ParamSpec[]>> = {
  activate: [
    id,
    { name: "overrideSourceId", wire: "override_source_id", check: positiveInteger },
    { name: "overrideSourceType", wire: "override_source_type", check: sourceType },
    { name: "overrideLimit", wire: "override_limit", check: positiveInteger },
    { name: "runNow", wire: "run_now", check: boolean },
    { name: "content", wire: "content", check: apiContent },
    { name: "attach", wire: "attach", check: array },
  ],
  deactivate: [id, { name: "abortIfRunning", wire: "abort_if_running", check: boolean }],
  getStatus: [id],
  get: [id],
  list: [
    { name: "fromId", wire: "from_id", check: positiveInteger },
    { name: "limit", wire: "limit", check: positiveInteger },
    { name: "type", wire: "type", check: nonEmptyString },
    { name: "isActive", wire: "is_active", check: boolean },
    { name: "uiTags", wire: "ui_tags", check: stringArray },
    { name: "groups", wire: "groups", check: stringArray },
    { name: "groupsId", wire: "groups_id", check: positiveIntegerArray },
  ],
  log: [
    id,
    { name: "fromTime", wire: "from_time", check: dateTime },
    { name: "limit", wire: "limit", check: positiveInteger },
  ],
  clone: [id, { name: "name", wire: "name", check: nonEmptyString }],
  delete: [id],
};

/**
 * Validates `params` for `method` and returns the wire fields in order. Throws {@link AltcraftValidationError}
 * naming the parameter, e.g. `activate: overrideLimit must be a positive integer, got -1`, or an unknown key with
 * the allowed names. `label` names the caller in messages when it is not `method` itself (`listAll`), and
 * `excluded` lists parameters that caller does not take.
 */
export function toWireParams(
  method: EndpointName,
  params: unknown,
  format: WireFormat,
  label: string = method,
  excluded: readonly string[] = [],
): Record<string, unknown> {
  const specs = PARAM_SPECS[method].filter((spec) => !excluded.includes(spec.name));
  if (params === undefined && specs.every((spec) => !spec.required)) params = {};
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new AltcraftValidationError(label, "params", `must be an object, got ${describe(params)}`);
  }
  const given = params as Record<string, unknown>;
  checkKnownKeys(label, given, specs);
  const wire: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = given[spec.name];
    if (value === undefined) {
      if (spec.required) throw new AltcraftValidationError(label, spec.name, "is required");
      continue;
    }
    const problem = spec.check(value, format);
    if (problem !== undefined) throw new AltcraftValidationError(label, spec.name, problem);
    wire[spec.wire] = value;
  }
  return wire;
}

/** Refuses keys that are not parameters, listing the allowed names and, for a near miss such as `run_now`, the intended one. */
function checkKnownKeys(label: string, given: Record<string, unknown>, specs: readonly ParamSpec[]): void {
  const names = specs.map((spec) => spec.name);
  for (const key of Object.keys(given)) {
    if (names.includes(key)) continue;
    const intended = names.find((name) => looseName(name) === looseName(key));
    const hint = intended === undefined ? "" : `; did you mean ${intended}?`;
    throw new AltcraftValidationError(label, key, `is not a parameter of ${label}; allowed: ${names.join(", ")}${hint}`);
  }
}

/** A name without case, `_` or `-`: `run_now`, `runnow` and `RunNow` all read `runnow`. */
function looseName(name: string): string {
  return name.replace(/[_-]/g, "").toLowerCase();
}
