/** Names the package or part of this repository a loaded file belongs to, for the host profile. */
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..");
const DIST = path.join(REPO_ROOT, "dist") + path.sep;

/**
 * `node_modules/@grpc/grpc-js/build/src/x.js` → `@grpc/grpc-js`; `<repo>/dist/sdk/client.js` → `dist/sdk`;
 * `<repo>/dist/index.js` → `dist/index.js`; `node:fs` or `internal/…` → `node`. The innermost node_modules wins.
 */
export function moduleGroup(file: string): string {
  if (!file.includes("/") || file.startsWith("node:") || file.startsWith("internal/")) return "node";
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at >= 0) {
    const parts = file.slice(at + marker.length).split(path.sep);
    const name = parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : (parts[0] ?? file);
    // The package's own link back to this checkout: its files are ours.
    if (name !== "pulumi-altcraft") return name;
    return moduleGroup(path.join(REPO_ROOT, ...parts.slice(1)));
  }
  if (file.startsWith(DIST)) {
    const rest = file.slice(DIST.length).split(path.sep);
    return `dist/${rest[0] ?? ""}`;
  }
  if (file.startsWith(REPO_ROOT + path.sep)) return path.relative(REPO_ROOT, file).split(path.sep)[0] ?? file;
  return file;
}

/** True for files of this package (the built provider, SDK, …), however they were reached. */
export function isOurs(file: string): boolean {
  return moduleGroup(file).startsWith("dist/");
}
