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
 * ```
 */
import type { ApiContent, SourceType } from "../sdk/types";
import { INPUT_KEYS } from "../provider/inputs";

/** The one top-level key of a mailings file. */
export const MAILINGS_KEY = "mailings";

/** The default file name, relative to the Pulumi project directory. */
export const DEFAULT_MAILINGS_FILE = "mailings.yaml";

/** The fields an entry may have: exactly the inputs of `ActivatedMailing`. */
export const ENTRY_FIELDS: readonly string[] = INPUT_KEYS;

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
}

/** One validated entry of a mailings file: one `ActivatedMailing` to declare. */
export interface MailingEntry {
  /** The entry's key, used as the resource name. */
  name: string;
  inputs: MailingEntryInputs;
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
