import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/**
 * The Pulumi project directory (where Pulumi.yaml is), which relative file settings are resolved against.
 * The CLI runs a program whose `main` is a file in that file's folder, so the working directory alone is not
 * enough: the engine's root directory is used when known, else the nearest folder up from `cwd` with a Pulumi.yaml.
 */
export function projectRootDirectory(cwd: string = process.cwd()): string {
  const fromEngine = pulumi.getRootDirectory();
  if (path.isAbsolute(fromEngine) && hasProjectFile(fromEngine)) return fromEngine;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (hasProjectFile(dir)) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

function hasProjectFile(dir: string): boolean {
  return PROJECT_FILES.some((name) => fs.existsSync(path.join(dir, name)));
}
