import { createHash, randomUUID } from "node:crypto";

/**
 * The Request-ID of an activation, derived from what it is meant to do: the mailing, the exact parameters and the
 * activation it follows (`generation`: the previous Request-ID, or "create"). Re-running the same failed step
 * within the platform's 24-hour de-duplication window repeats the same id, so a launch that did happen is not
 * executed again; any intended new activation differs in parameters or generation and so gets a new id.
 */
export function activationRequestId(generation: string, params: Record<string, unknown>): string {
  const hex = createHash("sha256").update(canonicalJson({ generation, params })).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A fresh Request-ID for an operation that must not be answered from the de-duplication cache. */
export function freshRequestId(): string {
  return randomUUID();
}

/** JSON with object keys sorted, so equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
