import { isDeepStrictEqual } from "node:util";
import type { ActivatedMailingInputs, ActivatedMailingObserved, ManualPauseRule } from "./inputs";
import { containsUnknown, INPUT_KEYS, RUN_KEYS, UNKNOWN_VALUE } from "./inputs";

/** What `up` will do to a mailing in one step. */
export interface MailingPlan {
  /**
   * `adopt`: already active, no run asked: record it, no write. `activate`: call `campaigns/activate/` (a run only when
   * `launch`). `record`: update state only (no API call). `observe`: read the mailing again (a retried step).
   * `keep-paused`: paused outside Pulumi and the rule keeps it so: record that, no write.
   */
  action: "adopt" | "activate" | "record" | "observe" | "keep-paused";
  /** True when the activation launches a run. */
  launch: boolean;
  /** Set when the mailing was found paused outside Pulumi: the rule in force. */
  pausedRule?: ManualPauseRule;
}

/** The flags of a mailing as last seen: a read made now, or the state's own record. */
export type MailingFlags = Pick<ActivatedMailingObserved, "isActive" | "isCompleted">;

/** Input properties whose new value differs from the recorded one (unknown values count as different). */
export function changedInputs(olds: Record<string, unknown>, news: Record<string, unknown>): (keyof ActivatedMailingInputs)[] {
  return INPUT_KEYS.filter((key) => containsUnknown(news[key]) || !isDeepStrictEqual(normalize(olds[key]), normalize(news[key])));
}

/** True when a mailing is switched off and not finished: a completed mailing is never "paused" (re-activating could send it again). */
export function isPaused(flags: Partial<MailingFlags> | undefined): boolean {
  return flags !== undefined && flags.isActive === false && flags.isCompleted !== true;
}

/** The rule for a resource: its own `onManualPause` input wins over the stack setting. */
export function pauseRuleFor(news: Record<string, unknown>, stackRule: ManualPauseRule): ManualPauseRule {
  const own = news.onManualPause;
  return own === "keep" || own === "resume" || own === "fail" ? own : stackRule;
}

/** The plan of a create: adopt an active mailing when no run is asked, otherwise activate (with a run when `runNow`). */
export function planCreate(news: Record<string, unknown>, current: MailingFlags | undefined): MailingPlan {
  const launch = news.runNow === true;
  if (!launch && current?.isActive === true) return { action: "adopt", launch: false };
  return { action: "activate", launch };
}

/**
 * The plan of an update from the recorded outputs, the new inputs and the mailing's flags now (a read made during
 * this deployment, else the state's record). A run is launched only for a changed run input with `runNow`; a pause
 * made outside Pulumi follows the rule, except that a `triggers` change is an explicit request to resume and launch.
 */
export function planUpdate(olds: Record<string, unknown>, news: Record<string, unknown>, current: MailingFlags, rule: ManualPauseRule): MailingPlan {
  const changed = changedInputs(olds, news);
  const runChanged = changed.some((key) => (RUN_KEYS as readonly string[]).includes(key));
  const launch = news.runNow === true && runChanged;
  if (isPaused(current)) {
    if (changed.includes("triggers")) return { action: "activate", launch, pausedRule: rule };
    if (rule === "resume") return { action: "activate", launch, pausedRule: rule };
    // `fail` is refused before any step runs (see pauseFailure); here only `keep` is left.
    return { action: "keep-paused", launch: false, pausedRule: rule };
  }
  if (runChanged) return { action: "activate", launch };
  if (changed.length > 0 || recordDiffers(olds, current)) return { action: "record", launch: false };
  return { action: "observe", launch: false };
}

/** True when the state's record of the flags or of a pause differs from what is true now, so state must be rewritten. */
export function recordDiffers(olds: Record<string, unknown>, current: MailingFlags): boolean {
  return olds.isActive !== current.isActive || olds.isCompleted !== current.isCompleted || (olds.pausedOutsidePulumi === true) !== isPaused(current);
}

/** How a step is described to a reviewer: the mailing as `mailing 4727 "Weather alert"`. */
export function mailingLabel(mailingId: unknown, observed?: Partial<ActivatedMailingObserved>): string {
  const id = mailingId === UNKNOWN_VALUE ? "(id known after apply)" : String(mailingId);
  const name = observed?.name ? ` "${observed.name}"` : "";
  const type = observed?.type ? ` (${observed.type})` : "";
  return `mailing ${id}${name}${type}`;
}

/**
 * The reviewer's line for a step, printed by the provider during `check`/`diff` (the CLI shows it as a diagnostic).
 * Only a step that launches says `will launch a run`; every other step says what it does instead.
 */
export function describePlan(news: Record<string, unknown>, plan: MailingPlan, observed?: Partial<ActivatedMailingObserved>): string {
  const label = mailingLabel(news.mailingId, observed);
  const paused = plan.pausedRule ? `paused outside Pulumi; ` : "";
  const rule = plan.pausedRule ? ` (onManualPause: ${plan.pausedRule})` : "";
  switch (plan.action) {
    case "keep-paused":
      return `${label}: ${paused}up keeps it paused${rule}; nothing is sent (change triggers to resume it and launch a run)`;
    case "adopt":
      return `${label}: already active; up records it and sends nothing`;
    case "record":
      return `${label}: up updates the recorded state only; nothing is sent`;
    case "observe":
      return `${label}: no change; nothing is sent`;
    case "activate":
      if (!plan.launch) return `${label}: ${paused}up switches it on${plan.pausedRule ? " again" : ""}${rule} without launching a run`;
      return `${label}: ${paused}will launch a run ${describeRun(news)}${rule}`;
  }
}

/** The refusal of a step under `onManualPause: fail`, naming the mailing and the ways out. */
export function pauseFailure(news: Record<string, unknown>, observed?: Partial<ActivatedMailingObserved>): string {
  return (
    `${mailingLabel(news.mailingId, observed)}: paused outside Pulumi; up fails (onManualPause: fail). ` +
    "Resume it in Altcraft, set onManualPause to keep or resume, or change triggers to resume it and launch a run"
  );
}

/** The audience, limit, content keys (never values) and attachment count of a run. */
export function describeRun(news: Record<string, unknown>): string {
  const parts: string[] = [];
  if (news.overrideSourceType !== undefined && news.overrideSourceId !== undefined) {
    parts.push(`to ${String(news.overrideSourceType)} ${String(news.overrideSourceId)}`);
  } else {
    parts.push("to the mailing's own audience");
  }
  parts.push(news.overrideLimit !== undefined ? `limit ${String(news.overrideLimit)}` : "no limit override");
  const content = news.content;
  if (content === UNKNOWN_VALUE) parts.push("content known after apply");
  else if (content && typeof content === "object") {
    const keys = Object.keys(content);
    parts.push(keys.length > 0 ? `content keys ${keys.join(", ")}` : "no content");
  }
  if (Array.isArray(news.attach) && news.attach.length > 0) parts.push(`${news.attach.length} attachment${news.attach.length === 1 ? "" : "s"}`);
  if (news.attach === UNKNOWN_VALUE) parts.push("attachments known after apply");
  return parts.join(", ");
}

/** Absent and null mean the same thing in state. */
function normalize(value: unknown): unknown {
  return value === null || value === undefined ? undefined : value;
}
