import type { ActivatedMailingInputs, ManualPauseRule } from "./inputs";
import { changedInputs, pauseRuleFor, planUpdate, recordDiffers, type MailingFlags, type MailingPlan } from "./plan";

/** What `diff` tells the engine: whether anything changes, which properties force a replacement, and the plan. */
export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  /** The input properties that differ (for messages and tests; the engine computes its own detailed diff). */
  changed: (keyof ActivatedMailingInputs)[];
  /** What the update will do; absent for a replacement (its create is planned by `check`). */
  plan?: MailingPlan;
}

/** The flags the state recorded (state written before these outputs existed counts as active). */
export function recordedFlags(olds: Record<string, unknown>): MailingFlags {
  return { isActive: olds.isActive !== false, isCompleted: olds.isCompleted === true };
}

/**
 * Compares recorded outputs with new inputs and the mailing's flags now (a read made during this deployment, else
 * the state's record): a new mailing id replaces; a changed input, a state record that is no longer true, or a
 * pause to undo under `resume` updates.
 */
export function diffActivatedMailing(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  current?: MailingFlags,
  stackRule: ManualPauseRule = "keep",
): DiffOutcome {
  const changed = changedInputs(olds, news);
  if (changed.includes("mailingId")) return { changes: true, replaces: ["mailingId"], changed };
  const flags = current ?? recordedFlags(olds);
  const plan = planUpdate(olds, news, flags, pauseRuleFor(news, stackRule));
  const changes =
    plan.action === "activate" ||
    plan.action === "record" ||
    (plan.action === "keep-paused" && (changed.length > 0 || recordDiffers(olds, flags)));
  return { changes, replaces: [], changed, plan };
}
