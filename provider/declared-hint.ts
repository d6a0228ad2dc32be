/**
 * The read-ahead hint: the ids of the mailings a program declares, passed along so the provider can start the reads
 * of later resources' Checks while the engine is still sending earlier ones. Pulumi makes Check calls one at a time
 * (pkg/resource/deploy/deployment_executor.go `handleSingleEvent` → step_generator.go `GenerateSteps`, inline), so
 * without it a first deployment of N new mailings waits N read round trips before its last Create can start.
 */

/** The input that carries the hint. `check` removes it: it never reaches state, diffs or the API. */
export const DECLARED_MAILINGS_HINT = "__altcraftDeclaredMailings";

/** Every how many registrations one carries the ids ahead of it. */
export const HINT_STRIDE = 16;

/**
 * How far ahead a carrier looks: two strides, so the next carrier's Check arrives while the reads it continues are
 * still queued, and at most this many reads stand in front of a Create's activation in the provider's queue.
 */
export const HINT_REACH = 2 * HINT_STRIDE;

/** The most ids one hint may carry; anything longer is not ours and is ignored. */
export const MAX_HINT_IDS = 4 * HINT_REACH;

/**
 * The hint for each of `mailingIds` (in the order the program declares them; `undefined` for an id not known yet):
 * every {@link HINT_STRIDE}th registration carries the known ids of itself and the next {@link HINT_REACH} − 1 as
 * `"id,id,…"`, the others an empty string. Sliding windows instead of one full list keep the hints linear in the
 * stack size. A string in every registration, not a list in some: the SDK serializes a list element by element
 * (one more promise turn each), which would send the carriers' registrations after the others and so their
 * Checks last (seen under the real language runtime: the order of the root program's steps changed).
 */
export function declaredMailingHints(mailingIds: readonly (number | undefined)[]): string[] {
  return mailingIds.map((_, index) => {
    if (index % HINT_STRIDE !== 0) return "";
    return [...new Set(mailingIds.slice(index, index + HINT_REACH).filter(isMailingId))].join(",");
  });
}

/** The ids a hint input carries, or none when it is absent or malformed (a hint never fails a Check). */
export function hintedMailingIds(hint: unknown): number[] {
  if (typeof hint !== "string" || hint === "") return [];
  const parts = hint.split(",");
  if (parts.length > MAX_HINT_IDS) return [];
  return parts.filter((part) => /^[1-9][0-9]{0,15}$/.test(part)).map(Number).filter(isMailingId);
}

function isMailingId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}
