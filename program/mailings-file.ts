/**
 * Mailing states as data: load a mailings file (`mailings.yaml`), validate all of it, then declare one
 * `ActivatedMailing` per entry. The format is described in docs/examples.md and in `./format`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { MailingsFile } from "./format";
import { parseYaml } from "./parse";
import { projectRootDirectory } from "./project-root";
import { MailingsFileError } from "./problems";
import { validateMailingsDocument, type MailingsValidation } from "./validate";

export { declareMailings, summarizeMailings, type MailingStateSummary } from "./declare";
export { DEFAULT_MAILINGS_FILE, ENTRY_FIELDS, MAILINGS_KEY, type MailingEntry, type MailingEntryInputs, type MailingsFile } from "./format";
export { formatProblem, MailingsFileError, type MailingsFileProblem } from "./problems";
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
}

/** Reads, parses and validates a mailings file; throws one {@link MailingsFileError} listing every problem. */
export function loadMailingsFile(filePath: string, options: LoadMailingsFileOptions = {}): MailingsFile {
  const absolute = path.resolve(options.baseDir ?? projectRootDirectory(), filePath);
  let text: string;
  try {
    text = fs.readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? `not found at ${absolute}` : `cannot be read (${code ?? String(error)})`;
    const hint = options.notFoundHint === undefined || code !== "ENOENT" ? "" : `; ${options.notFoundHint}`;
    throw new MailingsFileError(filePath, [{ file: filePath, message: `${why}${hint}` }]);
  }
  return parseMailingsYaml(text, filePath);
}
