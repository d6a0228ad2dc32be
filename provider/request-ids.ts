import { createHmac, randomUUID } from "node:crypto";

/** What makes one intended activation distinct: who declares it, what it follows, and exactly what it asks for. */
export interface ActivationIntent {
  /** `<project>/<stack>/<resource>` (the `declaredBy` input), or the project and mailing for older state. */
  declaredBy: string;
  /** The activation it follows: the previous Request-ID, or "create". */
  generation: string;
  /** The API parameters of the activation, plus `triggers` (not sent, but part of the intent). */
  params: Record<string, unknown>;
}

/**
 * The Request-ID of an activation. Deterministic, so every retry of one step (also after a crash and a re-run of
 * `up`) carries the same id and Altcraft's de-duplication never executes it twice; distinct per stack, project,
 * resource and intended run, so another stack's identical launch is not answered from this one's cache.
 *
 * An HMAC keyed by the API token, not a plain hash: the id is stored in state in clear, and a plain hash of the
 * parameters would let anyone who reads the state test guesses of secret `content` values offline.
 */
export function activationRequestId(token: string, intent: ActivationIntent): string {
  const hex = createHmac("sha256", token).update(canonicalJson({ v: 2, ...intent })).digest("hex");
  // Shaped like a version-4-style UUID (the variant and version nibbles fixed) so it passes any UUID check on the way.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
