/**
 * The export's output file: checked before any API call, written at the end without ever clobbering a file the
 * command did not find at start (unless `--force`), and without leaving a temporary file behind.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./io";

/** What the start-of-run check found; {@link writeOutFile} needs it. */
export interface OutFilePlan {
  /** Absolute path. */
  target: string;
  /** As the user typed it, for messages. */
  shown: string;
  /** `--force`: replace whatever is there at the end. */
  force: boolean;
}

/**
 * Checks `--out` before anything is fetched: its folder exists, is a folder and is writable; the path itself is not a
 * folder and not something other than a regular file; an existing file needs `--force`. Throws {@link UsageError}.
 */
export function planOutFile(cwd: string, out: string, force: boolean): OutFilePlan {
  const target = path.resolve(cwd, out);
  const folder = path.dirname(target);
  const folderStat = statOrUndefined(folder);
  if (!folderStat) throw new UsageError(`--out ${out}: the folder ${folder} does not exist; create it first`);
  if (!folderStat.isDirectory()) throw new UsageError(`--out ${out}: ${folder} is not a folder`);
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new UsageError(`--out ${out}: the folder ${folder} is not writable`);
  }
  const existing = statOrUndefined(target);
  if (existing?.isDirectory()) throw new UsageError(`--out ${out} is a folder; give a file path, e.g. --out ${path.join(out, "mailings.yaml")}`);
  if (existing && !existing.isFile()) throw new UsageError(`--out ${out} exists and is not a regular file; give another path`);
  if (existing && !force) throw new UsageError(`${out} exists; pass --force to overwrite it, or --out <path> to write elsewhere`);
  return { target, shown: out, force };
}

/**
 * Writes `text` through a temporary file in the same folder. With `--force` it replaces the target atomically.
 * Without it, the target is created exclusively: a file that appeared while the export ran is left alone
 * (a {@link UsageError}). The temporary file is removed on every path.
 */
export function writeOutFile(plan: OutFilePlan, text: string): void {
  const temporary = path.join(path.dirname(plan.target), `.${path.basename(plan.target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { mode: 0o644, flag: "wx" });
    if (plan.force) {
      try {
        fs.renameSync(temporary, plan.target);
      } catch (error) {
        throw new UsageError(`cannot write ${plan.shown} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      }
      return;
    }
    createExclusively(temporary, plan);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function createExclusively(temporary: string, plan: OutFilePlan): void {
  try {
    // A hard link is atomic and fails if the name exists; copyFile with COPYFILE_EXCL is the fallback where links are not allowed.
    try {
      fs.linkSync(temporary, plan.target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") throw error;
      fs.copyFileSync(temporary, plan.target, fs.constants.COPYFILE_EXCL);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new UsageError(`${plan.shown} appeared while the export ran and was left as it is; pass --force to overwrite it, or --out <path> to write elsewhere`);
    }
    throw new UsageError(`cannot write ${plan.shown} (${code ?? "error"})`);
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
