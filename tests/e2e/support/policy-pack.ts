/**
 * `--policy-pack` for the real CLI built here, which has no Node.js language host.
 *
 * Pulumi 3.276 starts a policy-pack folder only through the language host (`RunPlugin`, kind `analyzer`:
 * pkg/resource/plugin/analyzer_plugin.go `NewPolicyAnalyzer` → plugin.go `ExecPlugin`), and has no fallback; but
 * `--policy-pack <executable file>` is started directly as a binary analyzer plugin (the same function, the
 * `!stat.IsDir()` branch). This writes such an executable: it does what the Node.js host's `RunPlugin` does for a pack
 * (sdk/nodejs/cmd/pulumi-language-nodejs/main.go, `RunPlugin`): `node @pulumi/pulumi/cmd/run-policy-pack <engine
 * address> <pack folder>` resolved from the pack's folder, with the stack in `PULUMI_NODEJS_PROJECT`,
 * `PULUMI_NODEJS_STACK`, `PULUMI_NODEJS_ORGANIZATION` and `PULUMI_CONFIG` (which the host's policy proxy reads from the
 * engine's `ConfigureStack`; here the test knows them up front). Everything else (the engine's analyzer protocol,
 * the pack's code, enforcement, the printed report) is the CLI's and the pack's own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CliStack } from "./cli-stack";

/** Writes the launcher for `packDir` and `stack` into the stack's work folder; returns its path for `--policy-pack`. */
export function policyPackLauncher(stack: CliStack, packDir: string, project: string, config: Record<string, string> = {}): string {
  const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  const env: Record<string, string> = {
    PULUMI_NODEJS_PROJECT: project,
    PULUMI_NODEJS_STACK: stack.stack,
    PULUMI_NODEJS_ORGANIZATION: "organization",
    PULUMI_CONFIG: JSON.stringify(config),
  };
  const exports = Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)}`);
  // A folder of its own: the engine hands the launcher's folder to the pack as its root directory.
  const dir = fs.mkdtempSync(path.join(stack.work, "policy-"));
  const launcher = path.join(dir, "policy-pack");
  fs.writeFileSync(
    launcher,
    ["#!/bin/sh", `cd ${shellQuote(packDir)} || exit 1`, ...exports, `exec node ${shellQuote(entry)} "$@" ${shellQuote(packDir)}`, ""].join("\n"),
    { mode: 0o755 },
  );
  return launcher;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
