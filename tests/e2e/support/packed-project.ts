/**
 * A user's project with this package installed from the tarball `npm pack` makes (what users get), for the
 * end-to-end suites: the program's files copied in, the dependencies beside the package (linked from this checkout;
 * there is no registry here). Pulumi then stores `__provider` as a `require` of the installed package, and the
 * provider process resolves it from the project folder, as in a user's project.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeUserProject } from "../../support/user-project";
import { REPO_ROOT } from "./pulumi-cli";

let tarball: string | undefined;

/** The tarball of this checkout (built dist/ required), packed once per process. */
export function packedTarball(): string {
  if (tarball) return tarball;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-e2e-pack-"));
  // --ignore-scripts: `prepare` would rebuild dist/ and relink this checkout; `npm test` builds dist/ first.
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  const [packed] = JSON.parse(out) as Array<{ filename: string }>;
  tarball = path.join(dir, packed?.filename ?? "");
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return tarball;
}

/**
 * A new project folder: the package extracted from {@link packedTarball} into node_modules/pulumi-altcraft, then
 * `files` (relative path → text) and, when given, the files of `copyFrom` (an example's folder) written over it.
 */
export function packedProject(options: { copyFrom?: string; files?: Record<string, string> }): string {
  const archive = packedTarball();
  const project = makeUserProject("altcraft-e2e-project-", (packageDir) => {
    execFileSync("tar", ["-xzf", archive, "-C", packageDir, "--strip-components=1"]);
  });
  if (options.copyFrom) {
    for (const entry of fs.readdirSync(options.copyFrom)) {
      if (entry === "node_modules" || entry === "package.json") continue;
      fs.cpSync(path.join(options.copyFrom, entry), path.join(project, entry), { recursive: true });
    }
  }
  for (const [file, text] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  }
  return project;
}
