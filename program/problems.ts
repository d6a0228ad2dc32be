import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with a mailings file: where it is (file, line, entry, field) and what is allowed instead. */
export interface MailingsFileProblem {
  /** The file as the user named it. */
  file: string;
  /** 1-based line, when the YAML library or the document tells it. */
  line?: number;
  /** 1-based column on that line. */
  column?: number;
  /** The entry (resource name) the problem belongs to. */
  entry?: string;
  /** The field, or a path inside it such as `content.promoCode` or `attach[0]`. */
  field?: string;
  message: string;
}

/** `mailings.yaml:7:5: entry "spring-sale", field "overrideLimit": must be a positive integer, got "5k"`. */
export function formatProblem(problem: MailingsFileProblem): string {
  const where = [problem.file, problem.line, problem.line === undefined ? undefined : problem.column]
    .filter((part) => part !== undefined)
    .join(":");
  const what = [
    problem.entry === undefined ? undefined : `entry ${JSON.stringify(problem.entry)}`,
    problem.field === undefined ? undefined : `field ${JSON.stringify(problem.field)}`,
  ].filter((part) => part !== undefined);
  return `${where}: ${what.length > 0 ? `${what.join(", ")}: ` : ""}${problem.message}`;
}

/** Orders problems as they appear in the file; file-level problems (no line) come first. */
export function sortProblems(problems: readonly MailingsFileProblem[]): MailingsFileProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** The most problems a {@link MailingsFileError} message lists; the rest are counted (all stay in `problems`). */
export const MAX_PROBLEMS_SHOWN = 50;

/**
 * Every problem of a mailings file at once, thrown before any resource is declared. It is a Pulumi `RunError`,
 * so `pulumi up` prints the list without a stack trace.
 */
export class MailingsFileError extends pulumi.RunError {
  /** The problems, in file order. */
  readonly problems: MailingsFileProblem[];
  /** The file as the user named it. */
  readonly file: string;

  constructor(file: string, problems: readonly MailingsFileProblem[]) {
    const sorted = sortProblems(problems);
    const count = sorted.length === 1 ? "1 problem" : `${sorted.length} problems`;
    const shown = sorted.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => `  - ${formatProblem(problem)}`);
    const hidden = sorted.length - shown.length;
    if (hidden > 0) shown.push(`  … and ${hidden} more ${hidden === 1 ? "problem" : "problems"} (the first ${MAX_PROBLEMS_SHOWN} are listed; fix them and run again)`);
    const message = `${file}: ${count}; no mailing was declared, so nothing was sent to Altcraft:\n${shown.join("\n")}`;
    super(message);
    this.name = "MailingsFileError";
    this.message = message;
    this.file = file;
    this.problems = sorted;
  }
}
