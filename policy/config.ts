import type { PolicyConfigSchema } from "@pulumi/policy";

/** Default `maxLimit` of `altcraft-run-limit-max`: the most recipients one run may target. */
export const DEFAULT_MAX_LIMIT = 10_000;
/** Default `allowedStacks` of `altcraft-run-stacks` and `productionStacks` of `altcraft-abort-on-production`. */
export const DEFAULT_PRODUCTION_STACKS: readonly string[] = ["production", "prod"];

const stackList = (description: string): PolicyConfigSchema["properties"][string] => ({
  type: "array",
  items: { type: "string", minLength: 1 },
  uniqueItems: true,
  description,
  default: [...DEFAULT_PRODUCTION_STACKS],
});

/** Config schema of `altcraft-run-requires-limit`. */
export const REQUIRES_LIMIT_SCHEMA: PolicyConfigSchema = {
  properties: {
    exemptMailingIds: {
      type: "array",
      items: { type: "integer", minimum: 1 },
      uniqueItems: true,
      description: "Mailing ids allowed to run without overrideLimit (e.g. a transactional mailing to a small list).",
      default: [],
    },
  },
};

/** Config schema of `altcraft-run-limit-max`. */
export const LIMIT_MAX_SCHEMA: PolicyConfigSchema = {
  properties: {
    maxLimit: {
      type: "integer",
      minimum: 1,
      description: "The largest overrideLimit a run may set.",
      default: DEFAULT_MAX_LIMIT,
    },
  },
};

/** Config schema of `altcraft-run-stacks`. */
export const RUN_STACKS_SCHEMA: PolicyConfigSchema = {
  properties: { allowedStacks: stackList("Stack names (without the organization) on which a mailing may run (runNow: true).") },
};

/** Config schema of `altcraft-abort-on-production`. */
export const ABORT_ON_PRODUCTION_SCHEMA: PolicyConfigSchema = {
  properties: { productionStacks: stackList("Stack names (without the organization) treated as production.") },
};

/** Settings of `altcraft-run-requires-limit`, defaults applied. */
export interface RequiresLimitConfig { exemptMailingIds: number[] }
/** Settings of `altcraft-run-limit-max`, defaults applied. */
export interface LimitMaxConfig { maxLimit: number }
/** Settings of `altcraft-run-stacks`, defaults applied. */
export interface RunStacksConfig { allowedStacks: string[] }
/** Settings of `altcraft-abort-on-production`, defaults applied. */
export interface AbortOnProductionConfig { productionStacks: string[] }

/*
 * The engine fills in schema defaults and validates the config before `Configure`; the readers check again so a
 * host that skips either step gets an error naming the setting instead of a silently wrong verdict.
 */

/** `exemptMailingIds` of `altcraft-run-requires-limit`. */
export function readRequiresLimitConfig(given: Record<string, unknown>): RequiresLimitConfig {
  return { exemptMailingIds: integerList("altcraft-run-requires-limit", "exemptMailingIds", given.exemptMailingIds ?? []) };
}

/** `maxLimit` of `altcraft-run-limit-max`. */
export function readLimitMaxConfig(given: Record<string, unknown>): LimitMaxConfig {
  const maxLimit = given.maxLimit ?? DEFAULT_MAX_LIMIT;
  if (!isPositiveInteger(maxLimit)) throw settingError("altcraft-run-limit-max", "maxLimit", "a positive integer", maxLimit);
  return { maxLimit };
}

/** `allowedStacks` of `altcraft-run-stacks`. */
export function readRunStacksConfig(given: Record<string, unknown>): RunStacksConfig {
  return { allowedStacks: stackNames("altcraft-run-stacks", "allowedStacks", given.allowedStacks) };
}

/** `productionStacks` of `altcraft-abort-on-production`. */
export function readAbortOnProductionConfig(given: Record<string, unknown>): AbortOnProductionConfig {
  return { productionStacks: stackNames("altcraft-abort-on-production", "productionStacks", given.productionStacks) };
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

function integerList(policy: string, key: string, value: unknown): number[] {
  if (Array.isArray(value) && value.every(isPositiveInteger)) return value;
  throw settingError(policy, key, "a list of positive integers", value);
}

function stackNames(policy: string, key: string, value: unknown): string[] {
  const names = value ?? [...DEFAULT_PRODUCTION_STACKS];
  if (Array.isArray(names) && names.every((name) => typeof name === "string" && name !== "")) return names;
  throw settingError(policy, key, "a list of stack names", value);
}

function settingError(policy: string, key: string, allowed: string, got: unknown): Error {
  return new Error(`policy config ${policy}.${key} must be ${allowed}, got ${JSON.stringify(got)}`);
}
