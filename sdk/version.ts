import * as fs from "node:fs";
import * as path from "node:path";

/** The package's name in package.json; the search for the version stops at the first package.json that has it. */
const PACKAGE_NAME = "pulumi-altcraft";

/**
 * The installed package's version, read from its package.json (found upward from this file: `sdk/` in a checkout,
 * `dist/sdk/` when installed), so `--version` and the client's User-Agent always tell what actually runs.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    try {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") return pkg.version;
    } catch {
      // No (readable) package.json here: keep looking upward.
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}
