import { isDeepStrictEqual } from "node:util";
import type { ActivatedMailingInputs } from "./inputs";
import { containsUnknown, INPUT_KEYS, RUN_KEYS } from "./inputs";

/** What `diff` tells the engine: whether anything changes, and which properties force a replacement. */
export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  /** The input properties that differ (for messages and tests; the engine computes its own detailed diff). */
  changed: (keyof ActivatedMailingInputs)[];
}

/** What an update must do, decided from the old outputs and the new inputs. */
export interface UpdatePlan {
  /**
   * `none`: only `abortIfRunning` changed on a mailing that is still active, so state is updated without calling the API.
   * `observe`: nothing changed (the engine retries a resource whose read-back failed), so the mailing is read again.
   * `activate`: the mailing is activated again with the new inputs.
   */
  action: "none" | "observe" | "activate";
  /** True when the activation must launch a run: `runNow` is set and a run parameter or `triggers` changed. */
  launch: boolean;
}

/**
 * True when refresh found the mailing switched off behind Pulumi's back. A completed mailing is not drift:
 * re-activating a finished broadcast could send it again.
 */
export function isDrifted(olds: Record<string, unknown>): boolean {
  return olds.isActive === false && olds.isCompleted !== true;
}

/** Input properties whose new value differs from the recorded one (unknown values count as different). */
export function changedInputs(olds: Record<string, unknown>, news: Record<string, unknown>): (keyof ActivatedMailingInputs)[] {
  return INPUT_KEYS.filter((key) => containsUnknown(news[key]) || !isDeepStrictEqual(normalize(olds[key]), normalize(news[key])));
}

/** Compares recorded outputs with new inputs: a new mailing id replaces, any other change (or drift) updates. */
export function diffActivatedMailing(olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
  const changed = changedInputs(olds, news);
  const replaces = changed.includes("mailingId") ? ["mailingId"] : [];
  return { changes: changed.length > 0 || isDrifted(olds), replaces, changed };
}

/** Decides whether an update calls the API and whether it launches a run. Never launches for drift alone. */
export function planUpdate(olds: Record<string, unknown>, news: Record<string, unknown>): UpdatePlan {
  const changed = changedInputs(olds, news);
  const drifted = isDrifted(olds);
  if (!drifted && changed.length === 0) return { action: "observe", launch: false };
  if (!drifted && changed.every((key) => key === "abortIfRunning")) return { action: "none", launch: false };
  const runChanged = changed.some((key) => RUN_KEYS.includes(key));
  return { action: "activate", launch: news.runNow === true && runChanged };
}

/** Absent and null mean the same thing in state; defaults make `false` and absent equal for the flags. */
function normalize(value: unknown): unknown {
  return value === null || value === undefined ? undefined : value;
}
