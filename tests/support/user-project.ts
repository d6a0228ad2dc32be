import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../harness/providerHost";

/**
 * A user's project in a temporary folder: its dependencies sit in `node_modules` next to `pulumi-altcraft`
 * (hoisted, as npm installs them; linked from this checkout), and `install(packageDir)` puts the package's files into
 * `node_modules/pulumi-altcraft`, so nothing resolves through the checkout itself.
 */
export function makeUserProject(prefix: string, install: (packageDir: string) => void): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const modules = path.join(project, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
    if (entry === "pulumi-altcraft" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
  }
  const packageDir = path.join(modules, "pulumi-altcraft");
  fs.mkdirSync(packageDir);
  install(packageDir);
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-mailings", private: true }));
  return project;
}
