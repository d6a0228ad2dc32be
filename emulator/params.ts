/**
 * Parameter validation per endpoint, typed like the API documents them. JSON numbers and booleans are taken as
 * they are; strings that coerce cleanly ("15", "true") are accepted too, because XML carries no types and one doc
 * example sends them. Error texts name the parameter and what is allowed, and never echo the value.
 */
import type { EndpointName } from "../sdk/endpoints";

type Kind =
  | "positiveInt"
  | "nonNegativeInt"
  | "bool"
  | "string"
  | "sourceType"
  | "object"
  | "array"
  | "stringArray"
  | "intArray"
  | "rfc3339"
  | "format";

interface FieldSpec {
  kind: Kind;
  required?: boolean;
}

const ID: FieldSpec = { kind: "positiveInt", required: true };
const FORMAT: FieldSpec = { kind: "format" };

const SCHEMAS: Record<EndpointName, Record<string, FieldSpec>> = {
  activate: {
    id: ID,
    run_now: { kind: "bool" },
    override_source_type: { kind: "sourceType" },
    override_source_id: { kind: "positiveInt" },
    override_limit: { kind: "nonNegativeInt" },
    content: { kind: "object" },
    attach: { kind: "array" },
    format: FORMAT,
  },
  deactivate: { id: ID, abort_if_running: { kind: "bool" }, format: FORMAT },
  getStatus: { id: ID, format: FORMAT },
  get: { id: ID, format: FORMAT },
  list: {
    from_id: { kind: "nonNegativeInt" },
    limit: { kind: "positiveInt" },
    type: { kind: "string" },
    is_active: { kind: "bool" },
    ui_tags: { kind: "stringArray" },
    groups: { kind: "stringArray" },
    groups_id: { kind: "intArray" },
    attributes: { kind: "object" },
    format: FORMAT,
  },
  log: { id: ID, from_time: { kind: "rfc3339" }, limit: { kind: "positiveInt" }, format: FORMAT },
  clone: { id: ID, name: { kind: "string" }, format: FORMAT },
  delete: { id: ID, format: FORMAT },
};

const EXPECTED: Record<Kind, string> = {
  positiveInt: "a positive integer",
  nonNegativeInt: "a non-negative integer",
  bool: "a boolean (true or false)",
  string: "a string",
  sourceType: 'one of "list", "segment"',
  object: "an object",
  array: "an array",
  stringArray: "an array of strings",
  intArray: "an array of integers",
  rfc3339: "an RFC 3339 timestamp string, e.g. 2024-05-20T09:17:53Z",
  format: 'one of "json", "xml"',
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const INTEGER_TEXT = /^-?\d+$/;

/** The outcome of {@link validateParams}. */
export type ParamsResult = { ok: true; params: Record<string, unknown> } | { ok: false; errorText: string };

/** Unset marker: the field is absent. */
const ABSENT = Symbol("absent");
/** Failure marker: the value has the wrong type. */
const INVALID = Symbol("invalid");

/**
 * Validates and coerces an endpoint's params (already stripped of `token`). Unknown params are dropped,
 * as is `format`, which only selects the response format. `fromXml` lets single elements stand for one-item arrays.
 */
export function validateParams(endpoint: EndpointName, raw: Record<string, unknown>, fromXml: boolean): ParamsResult {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SCHEMAS[endpoint])) {
    const value = coerce(spec.kind, raw[name], fromXml);
    if (value === ABSENT) {
      if (spec.required) return { ok: false, errorText: `Parameter ${name} is required: ${EXPECTED[spec.kind]}` };
      continue;
    }
    if (value === INVALID) {
      return { ok: false, errorText: `Parameter ${name} must be ${EXPECTED[spec.kind]} (got ${describe(raw[name])})` };
    }
    if (name !== "format") params[name] = value;
  }
  return { ok: true, params };
}

/** The mailing id a request names, read leniently (for matching fault rules before validation). */
export function peekMailingId(raw: Record<string, unknown> | undefined): number | undefined {
  const value = coerce("positiveInt", raw?.["id"], true);
  return typeof value === "number" ? value : undefined;
}

/** The response format a request asks for through its `format` param, if it names a valid one. */
export function requestedFormat(value: unknown): "json" | "xml" | undefined {
  const format = coerce("format", value, true);
  return format === "json" || format === "xml" ? format : undefined;
}

function coerce(kind: Kind, value: unknown, fromXml: boolean): unknown {
  if (value === undefined || value === null) return ABSENT;
  switch (kind) {
    case "positiveInt":
    case "nonNegativeInt": {
      const n = toInteger(value);
      if (n === undefined) return INVALID;
      return n > 0 || (kind === "nonNegativeInt" && n === 0) ? n : INVALID;
    }
    case "bool":
      if (typeof value === "boolean") return value;
      if (value === "true") return true;
      if (value === "false") return false;
      return INVALID;
    case "string":
      return typeof value === "string" ? value : INVALID;
    case "sourceType":
      return value === "list" || value === "segment" ? value : INVALID;
    case "format":
      if (typeof value !== "string") return INVALID;
      return value.toLowerCase() === "json" || value.toLowerCase() === "xml" ? value.toLowerCase() : INVALID;
    case "rfc3339":
      return typeof value === "string" && RFC3339.test(value) && !Number.isNaN(Date.parse(value)) ? value : INVALID;
    case "object":
      if (fromXml && value === "") return {};
      return typeof value === "object" && !Array.isArray(value) ? value : INVALID;
    case "array":
      return toList(value, fromXml) ?? INVALID;
    case "stringArray": {
      const list = toList(value, fromXml);
      return list && list.every((item) => typeof item === "string") ? list : INVALID;
    }
    case "intArray": {
      const list = toList(value, fromXml)?.map(toInteger);
      return list && list.every((item) => item !== undefined) ? list : INVALID;
    }
  }
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === "string" && INTEGER_TEXT.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** XML has no arrays: an empty element is an empty list and a single element a one-item list. */
function toList(value: unknown, fromXml: boolean): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!fromXml) return undefined;
  return value === "" ? [] : [value];
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string that does not match";
  return `a ${typeof value}`;
}
