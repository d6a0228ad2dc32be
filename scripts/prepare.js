// Runs on `npm install` / `npm ci` in a checkout (never when the package is installed as a dependency):
// builds dist/ and links node_modules/pulumi-altcraft to this checkout, so the root program, the examples
// and the dynamic-provider host resolve the package by its name exactly as a user's project does.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-altcraft");

execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], {
  cwd: root,
  stdio: "inherit",
});

fs.mkdirSync(path.dirname(link), { recursive: true });
let current;
try {
  current = fs.readlinkSync(link);
} catch {
  current = undefined;
}
if (current !== "..") {
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync("..", link, "dir");
}
