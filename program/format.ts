/**
 * The mailings file format, in one place:
 *
 * ```yaml
 * mailings:
 *   welcome-series:          # the resource name
 *     mailingId: 101         # required
 *   spring-sale:
 *     mailingId: 205
 *     runNow: true
 *     overrideSourceType: segment
 *     overrideSourceId: 12
 *     overrideLimit: 5000
 *     content: { promoCode: SPRING }
 *     onManualPause: keep    # keep | resume | fail: what `up` does when the mailing was paused in the Altcraft UI
 *     protect: true          # Pulumi resource options of this entry's resource
 *     retainOnDelete: false
 *     aliases: [sale-2026]   # former entry names: a rename keeps the resource
 * ```
 */
import type { ApiContent, SourceType } from "../sdk/types";
import { INPUT_KEYS, MANUAL_PAUSE_RULES, type ManualPauseRule } from "../provider/inputs";

/** The one top-level key of a mailings file. */
export const MAILINGS_KEY = "mailings";

/** The default file name, relative to the Pulumi project directory. */
export const DEFAULT_MAILINGS_FILE = "mailings.yaml";

/** What `onManualPause` allows: the rule for a mailing found paused outside Pulumi. */
export const ON_MANUAL_PAUSE_VALUES = MANUAL_PAUSE_RULES;

/** The rule for a mailing found paused outside Pulumi. */
export type OnManualPause = ManualPauseRule;

/** Inputs the resource fills in itself, which a file does not set. */
const INTERNAL_INPUTS: readonly string[] = ["declaredBy"];

/** Entry fields that become resource options of the entry's resource, not inputs. */
export const OPTION_FIELDS = ["protect", "retainOnDelete", "aliases"] as const;

/** The entry fields that are inputs of `ActivatedMailing`. */
export const INPUT_FIELDS: readonly string[] = INPUT_KEYS.filter((key) => !INTERNAL_INPUTS.includes(key));

/** The fields an entry may have: the inputs of `ActivatedMailing`, then the resource options. */
export const ENTRY_FIELDS: readonly string[] = [...INPUT_FIELDS, ...OPTION_FIELDS];

/** Entry keys become Pulumi resource names (and URNs), so they are kept to a safe, readable alphabet. */
export const ENTRY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What {@link ENTRY_NAME_PATTERN} allows, in words for error messages. */
export const ENTRY_NAME_RULE = "letters, digits, '-', '_' and '.', starting with a letter or digit";

/** The inputs of one entry, as written in the file (the resource fills in defaults). */
export interface MailingEntryInputs {
  mailingId: number;
  runNow?: boolean;
  overrideSourceType?: SourceType;
  overrideSourceId?: number;
  overrideLimit?: number;
  content?: ApiContent;
  attach?: object[];
  abortIfRunning?: boolean;
  triggers?: unknown[];
  onManualPause?: OnManualPause;
}

/** The Pulumi resource options an entry sets (only those it writes). */
export interface MailingEntryOptions {
  /** Pulumi refuses to delete the resource (and so to switch the mailing off) while set. */
  protect?: boolean;
  /** Removing the entry, or `pulumi destroy`, drops the resource from the stack and leaves the mailing as it is. */
  retainOnDelete?: boolean;
  /** Former entry names: a renamed entry keeps its resource instead of a create and a delete. */
  aliases?: string[];
}

/** One validated entry of a mailings file: one `ActivatedMailing` to declare. */
export interface MailingEntry {
  /** The entry's key, used as the resource name. */
  name: string;
  inputs: MailingEntryInputs;
  /** Resource options; present only when the entry sets one. */
  options?: MailingEntryOptions;
  /** 1-based line of the entry's key. */
  line: number;
}

/** A validated mailings file. */
export interface MailingsFile {
  /** The file as the user named it. */
  file: string;
  /** The entries in file order. */
  entries: MailingEntry[];
}
