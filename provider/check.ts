import { containsUnknown, INPUT_KEYS, MANUAL_PAUSE_RULES, PROVIDER_KEY, UNKNOWN_VALUE } from "./inputs";

/** One refused input, as Pulumi shows it: the property and what is allowed. */
export interface InputFailure {
  property: string;
  reason: string;
}

/** The result of {@link checkActivatedMailingInputs}: the inputs with defaults filled in, and every refusal. */
export interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: InputFailure[];
}

const SOURCE_TYPES = ["list", "segment"] as const;
const KNOWN_KEYS = new Set<string>([...INPUT_KEYS, PROVIDER_KEY]);

/**
 * Validates `ActivatedMailing` inputs and fills in defaults, without calling the API. Every bad input is
 * reported as a failure naming the property; values still unknown at preview time are never refused.
 */
export function checkActivatedMailingInputs(news: Record<string, unknown>, olds: Record<string, unknown> = {}): CheckOutcome {
  const failures: InputFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    if (value !== undefined && value !== null) inputs[key] = value;
  }

  for (const key of Object.keys(inputs)) {
    if (KNOWN_KEYS.has(key)) continue;
    if (key === "token") {
      fail(key, "the API token is not a resource input (it would be stored in state); set it with `pulumi config set --secret altcraft:token` or ALTCRAFT_TOKEN");
    } else {
      fail(key, `unknown property; allowed: ${INPUT_KEYS.join(", ")}`);
    }
  }

  const known = (key: string) => inputs[key] !== undefined && !containsUnknown(inputs[key]);

  if (inputs.mailingId === undefined) fail("mailingId", "required: the id of the mailing to keep active (a positive integer)");
  else if (known("mailingId")) checkPositiveInteger("mailingId", inputs.mailingId, fail);

  inputs.runNow ??= false;
  inputs.abortIfRunning ??= false;
  for (const key of ["runNow", "abortIfRunning"]) {
    if (known(key) && typeof inputs[key] !== "boolean") fail(key, `must be true or false, got ${describe(inputs[key])}`);
  }

  if (known("overrideSourceType") && !SOURCE_TYPES.includes(inputs.overrideSourceType as never)) {
    fail("overrideSourceType", `must be "list" (a profile database) or "segment", got ${describe(inputs.overrideSourceType)}`);
  }
  for (const key of ["overrideSourceId", "overrideLimit"]) {
    if (known(key)) checkPositiveInteger(key, inputs[key], fail);
  }
  const hasType = inputs.overrideSourceType !== undefined;
  const hasId = inputs.overrideSourceId !== undefined;
  if (hasType !== hasId) {
    const [missing, present] = hasType ? ["overrideSourceId", "overrideSourceType"] : ["overrideSourceType", "overrideSourceId"];
    fail(missing, `required together with ${present}: set both to redirect the run's audience, or neither`);
  }
  if (inputs.runNow === false) {
    for (const key of ["overrideSourceType", "overrideSourceId", "overrideLimit"]) {
      if (inputs[key] !== undefined) fail(key, "applies only to a run: set runNow: true, or remove it (the API ignores overrides without run_now)");
    }
  }

  if (known("content")) checkContent(inputs.content, fail);
  if (known("attach")) {
    if (!Array.isArray(inputs.attach)) fail("attach", `must be a list of file objects, got ${describe(inputs.attach)}`);
    else {
      inputs.attach.forEach((item, index) => {
        if (!isPlainObject(item) && item !== UNKNOWN_VALUE) fail(`attach[${index}]`, `must be a file object, got ${describe(item)}`);
      });
    }
  }
  if (known("onManualPause") && !MANUAL_PAUSE_RULES.includes(inputs.onManualPause as never)) {
    fail("onManualPause", `must be one of ${MANUAL_PAUSE_RULES.map((rule) => `"${rule}"`).join(", ")}, got ${describe(inputs.onManualPause)}`);
  }
  if (known("declaredBy") && (typeof inputs.declaredBy !== "string" || inputs.declaredBy.trim() === "")) {
    fail("declaredBy", `must be a non-empty string (<project>/<stack>/<resource>), got ${describe(inputs.declaredBy)}`);
  }
  // Identity is fixed at the first deployment: a rename through `aliases` or a stack rename changes no Request-ID.
  if (typeof olds.declaredBy === "string" && olds.declaredBy !== "" && olds.mailingId === inputs.mailingId) inputs.declaredBy = olds.declaredBy;
  if (known("triggers") && !Array.isArray(inputs.triggers)) fail("triggers", `must be a list (any change to it launches a new run), got ${describe(inputs.triggers)}`);

  return { inputs, failures };
}

function checkPositiveInteger(property: string, value: unknown, fail: (p: string, r: string) => void): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    fail(property, `must be a positive integer, got ${describe(value)}`);
  }
}

function checkContent(content: unknown, fail: (p: string, r: string) => void): void {
  if (!isPlainObject(content)) {
    fail("content", `must be a map of template values (string, number or boolean), got ${describe(content)}`);
    return;
  }
  for (const [key, value] of Object.entries(content)) {
    if (key.trim() === "") fail("content", "keys must be non-empty: they become {apicontent.<key>} in templates");
    if (value === UNKNOWN_VALUE) continue;
    const ok = typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
    if (!ok) fail(`content.${key}`, `must be a string, number or boolean, got ${describe(value)}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short, safe description of a refused value for an error message. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  // Never the value itself: the engine strips secret markers before `check`, so any value may be a secret.
  if (typeof value === "string") return `a string (${value.length} characters)`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "a non-finite number";
    if (!Number.isInteger(value)) return "a fractional number";
    if (!Number.isSafeInteger(value)) return "an integer beyond 2^53";
    return value <= 0 ? "zero or a negative number" : "a number";
  }
  return `a ${typeof value}`;
}
