import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { parseMailingsYaml } from "../../program/mailings-file";
import { runCommand, type CommandResult } from "../support/run-command";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const ENTRY = path.join(REPO_ROOT, "cli", "index.ts");
const TOKEN = "bin-token-91be07";

/** Runs the command the way `npm run export` does (ts-node on cli/index.ts), with only the given environment. */
function runBin(args: string[], env: Record<string, string>): Promise<CommandResult> {
  return runCommand(process.execPath, ["-r", "ts-node/register", ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", TS_NODE_TRANSPILE_ONLY: "true", ...env },
  });
}

describe("pulumi-altcraft bin", function () {
  this.timeout(30_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator({ tokens: [TOKEN], mailings: [{ id: 7, name: "Digest", isActive: true }, { id: 8, isActive: false }] });
  });

  after(async () => {
    await emulator?.close();
  });

  it("is declared in package.json and starts with a node shebang", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    assert.equal(pkg.bin["pulumi-altcraft"], "dist/cli/index.js");
    assert.equal(fs.readFileSync(ENTRY, "utf8").split("\n")[0], "#!/usr/bin/env node");
  });

  it("exports to stdout with exit code 0, reading the settings from the environment", async () => {
    const result = await runBin(["export", "--out", "-"], { ALTCRAFT_BASE_URL: emulator.url, ALTCRAFT_TOKEN: TOKEN });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parseMailingsYaml(result.stdout, "stdout").entries, [{ name: "digest", line: 12, inputs: { mailingId: 7 } }]);
    assert.match(result.stderr, /^fetched 1 of 1 mailings…$/m);
    assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN));
  });

  it("exits with 2 on a usage error", async () => {
    const result = await runBin(["export", "--out", "-"], { ALTCRAFT_BASE_URL: emulator.url });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no API token/);
  });
});
