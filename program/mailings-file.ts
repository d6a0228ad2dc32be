/**
 * Mailing states as data: load a mailings file (`mailings.yaml`), validate all of it, then declare one
 * `ActivatedMailing` per entry. The format is described in docs/examples.md and in `./format`.
 */
import * as path from "node:path";
import type { MailingsFile } from "./format";
import { parseYaml } from "./parse";
import { projectRootDirectory } from "./project-root";
import { MailingsFileError } from "./problems";
import { FileReadRefusal, MAX_MAILINGS_FILE_BYTES, readRegularFile } from "./read-file";
import { validateMailingsDocument, type MailingsValidation } from "./validate";

export { declareMailings, summarizeMailings, type MailingStateSummary } from "./declare";
export {
  DEFAULT_MAILINGS_FILE,
  ENTRY_FIELDS,
  MAILINGS_KEY,
  ON_MANUAL_PAUSE_VALUES,
  type MailingEntry,
  type MailingEntryInputs,
  type MailingEntryOptions,
  type MailingsFile,
  type OnManualPause,
} from "./format";
export { formatProblem, MAX_PROBLEMS_SHOWN, MailingsFileError, type MailingsFileProblem } from "./problems";
export { MAX_MAILINGS_FILE_BYTES } from "./read-file";
export { SDK_RESERVED_KEYS } from "./sdk-keys";
export { installErrorStackGuard, stripDependencyFrames } from "./error-guard";
export { projectRootDirectory } from "./project-root";
export type { MailingsValidation } from "./validate";

/** Validates mailings YAML text without throwing: the entries, or every problem (each with file, line, entry and field). */
export function validateMailingsYaml(text: string, fileName: string): MailingsValidation {
  return validateMailingsDocument(parseYaml(text, fileName), fileName);
}

/** Parses and validates mailings YAML text; throws one {@link MailingsFileError} listing every problem. */
export function parseMailingsYaml(text: string, fileName: string): MailingsFile {
  const { entries, problems } = validateMailingsYaml(text, fileName);
  if (problems.length > 0) throw new MailingsFileError(fileName, problems);
  return { file: fileName, entries };
}

/** Options of {@link loadMailingsFile}. */
export interface LoadMailingsFileOptions {
  /** The folder a relative path is resolved against. @default the Pulumi project directory ({@link projectRootDirectory}) */
  baseDir?: string;
  /** Appended to the "not found" problem, e.g. which setting names the file. */
  notFoundHint?: string;
  /** The largest file read, in bytes. @default {@link MAX_MAILINGS_FILE_BYTES} (16 MiB) */
  maxBytes?: number;
}

/**
 * Reads, parses and validates a mailings file; throws one {@link MailingsFileError} listing every problem.
 * Only a regular file of at most `maxBytes` is read (a FIFO or a device is refused at once). This is the whole
 * loader as the root program runs it, so it is also what the benchmark times.
 */
export function loadMailingsFile(filePath: string, options: LoadMailingsFileOptions = {}): MailingsFile {
  const absolute = path.resolve(options.baseDir ?? projectRootDirectory(), filePath);
  let text: string;
  try {
    text = readRegularFile(absolute, options.maxBytes);
  } catch (error) {
    if (!(error instanceof FileReadRefusal)) throw error;
    const hint = options.notFoundHint === undefined || error.code !== "ENOENT" ? "" : `; ${options.notFoundHint}`;
    throw new MailingsFileError(filePath, [{ file: filePath, message: `${error.message}${hint}` }]);
  }
  return parseMailingsYaml(text, filePath);
}
