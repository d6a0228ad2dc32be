import type * as pulumi from "@pulumi/pulumi";
import type { ApiContent, SourceType } from "../sdk/types";

/** Arguments of an {@link ActivatedMailing}: the desired state of one Altcraft mailing. */
export interface ActivatedMailingArgs {
  /** The mailing's id. Required, a positive integer; changing it replaces the resource (the new mailing is activated, the old one deactivated). */
  mailingId: pulumi.Input<number>;
  /** Launch a run when the mailing is activated (and again whenever the run parameters or `triggers` change). @default false */
  runNow?: pulumi.Input<boolean>;
  /** The audience source of the run: a profile database (`list`) or a `segment`. Needs `overrideSourceId` and `runNow: true`. */
  overrideSourceType?: pulumi.Input<SourceType>;
  /** The id of that database or segment. Needs `overrideSourceType` and `runNow: true`. */
  overrideSourceId?: pulumi.Input<number>;
  /** The sending limit of the run, a positive integer. Needs `runNow: true`. */
  overrideLimit?: pulumi.Input<number>;
  /** Values for the templates' `{apicontent.<key>}` variables. Mark it secret if it holds personal data. */
  content?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** Files attached to the run's messages, passed to the API untouched. */
  attach?: pulumi.Input<pulumi.Input<object>[]>;
  /** On delete, drop messages already queued for sending instead of letting them go out. @default false */
  abortIfRunning?: pulumi.Input<boolean>;
  /** Any change re-activates the mailing and, with `runNow`, launches a new run: the explicit way to ask for one. */
  triggers?: pulumi.Input<unknown[]>;
  /**
   * What `up` does when the mailing was switched off outside Pulumi (in the Altcraft UI, or by another stack):
   * `keep` leaves it paused, `resume` switches it on again without a run, `fail` stops the preview and `up`.
   * @default the stack setting `altcraft:onManualPause`, else `keep`
   */
  onManualPause?: pulumi.Input<ManualPauseRule>;
  /**
   * Who declares this mailing, `<project>/<stack>/<resource name>`: keeps activation Request-IDs distinct per stack and
   * resource. Filled in by {@link ActivatedMailing}; kept from the first deployment so an alias rename changes nothing.
   */
  declaredBy?: pulumi.Input<string>;
}

/** The rule for a declared mailing found switched off outside Pulumi. */
export type ManualPauseRule = "keep" | "resume" | "fail";

/** Every manual-pause rule, in the order messages list them. */
export const MANUAL_PAUSE_RULES: readonly ManualPauseRule[] = ["keep", "resume", "fail"];

/** The resolved inputs the provider receives after `check` (defaults filled in). */
export interface ActivatedMailingInputs {
  mailingId: number;
  runNow: boolean;
  overrideSourceType?: SourceType;
  overrideSourceId?: number;
  overrideLimit?: number;
  content?: ApiContent;
  attach?: object[];
  abortIfRunning: boolean;
  triggers?: unknown[];
  onManualPause?: ManualPauseRule;
  declaredBy?: string;
}

/** What the API reported about the mailing when the provider last looked. */
export interface ActivatedMailingObserved {
  isActive: boolean;
  isCompleted: boolean;
  status: string;
  name: string;
  type: string;
}

/** The outputs stored in state: every input, what the API reports, and the provenance of the last activation. */
export interface ActivatedMailingOutputs extends ActivatedMailingInputs, ActivatedMailingObserved {
  /** The Request-ID of the last activate call, reused by every retry of it. */
  lastRequestId: string;
  /** When the provider last activated the mailing (ISO 8601). */
  activatedAt: string;
  /** Whether the last activation launched a run (false when Altcraft answered it from its de-duplication cache). */
  runLaunched: boolean;
  /** True while the mailing stays switched off because it was paused outside Pulumi and the rule is `keep`. */
  pausedOutsidePulumi: boolean;
}

/** Every input property, in the order errors and documentation list them. */
export const INPUT_KEYS = [
  "mailingId",
  "runNow",
  "overrideSourceType",
  "overrideSourceId",
  "overrideLimit",
  "content",
  "attach",
  "abortIfRunning",
  "triggers",
  "onManualPause",
  "declaredBy",
] as const satisfies readonly (keyof ActivatedMailingInputs)[];

/**
 * The inputs that shape a run: with `runNow`, a change to any of them launches a new run. An explicit list, never
 * "every input but …": a future input (with a default filled in by `check`) must not launch runs on upgrade.
 */
export const RUN_KEYS = [
  "runNow",
  "overrideSourceType",
  "overrideSourceId",
  "overrideLimit",
  "content",
  "attach",
  "triggers",
] as const satisfies readonly (keyof ActivatedMailingInputs)[];


/** Output properties read from the API or recorded by the provider. */
export const COMPUTED_KEYS = [
  "isActive",
  "isCompleted",
  "status",
  "name",
  "type",
  "lastRequestId",
  "activatedAt",
  "runLaunched",
  "pausedOutsidePulumi",
] as const satisfies readonly (keyof ActivatedMailingOutputs)[];

/** The input bag key under which the SDK stores the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** The value Pulumi sends during preview for an input that is not known yet. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when a value (or anything inside it) is still unknown at preview time. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/** Picks the input properties out of a bag of outputs (or inputs), dropping absent ones. */
export function pickInputs(bag: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) {
    if (bag[key] !== undefined && bag[key] !== null) out[key] = bag[key];
  }
  return out;
}
