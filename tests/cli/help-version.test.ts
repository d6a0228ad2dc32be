import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { EMULATOR_HELP, EXPORT_HELP, MAIN_HELP } from "../../cli/help";
import { runCli } from "../../cli/run";
import { packageVersion } from "../../sdk/version";
import { DEFAULT_EMULATOR_TOKEN } from "../../emulator";
import { recordingIo } from "./cliIo";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("pulumi-altcraft --version and help texts", () => {
  for (const flag of ["--version", "-v"]) {
    it(`${flag} prints the package.json version and exits 0`, async () => {
      const io = recordingIo();
      assert.equal(await runCli([flag], io), 0);
      assert.equal(io.out(), `pulumi-altcraft ${VERSION}\n`);
    });
  }

  it("finds the version from the built dist/cli folder too", () => {
    assert.equal(packageVersion(path.join(REPO_ROOT, "dist", "cli")), VERSION);
  });

  const texts = { main: MAIN_HELP, export: EXPORT_HELP, emulator: EMULATOR_HELP };
  for (const [name, text] of Object.entries(texts)) {
    it(`the ${name} help names the installed command, never a bare npx or npm run`, () => {
      assert.match(text, /^Usage: pulumi-altcraft/);
      assert.doesNotMatch(text, /\bnpx\b/);
      assert.doesNotMatch(text, /npm run/);
    });
  }

  it("the main help says how to run the installed command", () => {
    assert.match(MAIN_HELP, /npm exec --no -- pulumi-altcraft/);
    assert.match(MAIN_HELP, /\.\/node_modules\/\.bin\/pulumi-altcraft/);
    assert.match(MAIN_HELP, /--version/);
  });

  it("`emulator --help` names the command and the default token, and exits 0", async () => {
    const io = recordingIo();
    assert.equal(await runCli(["emulator", "--help"], io), 0);
    assert.equal(io.out(), EMULATOR_HELP);
    assert.match(io.out(), /^Usage: pulumi-altcraft emulator \[options\]/);
    assert.ok(io.out().includes(`Default token: ${DEFAULT_EMULATOR_TOKEN}`), io.out());
    for (const flag of ["--port", "--host", "--token", "--seed"]) assert.ok(io.out().includes(flag), flag);
  });

  it("an emulator flag error exits 2 with the installed command's help", async () => {
    const io = recordingIo();
    assert.equal(await runCli(["emulator", "--colour"], io), 2);
    assert.match(io.err(), /^pulumi-altcraft emulator: .*--colour/);
    assert.match(io.err(), /Usage: pulumi-altcraft emulator/);
    assert.doesNotMatch(io.err(), /npm run/);
  });
});
