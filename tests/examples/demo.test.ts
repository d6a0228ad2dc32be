import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_STACK, DEMO_TOKEN, findOnPath, INSTALL_URL } from "../../scripts/demo";
import { REPO_ROOT } from "./support/emulatedStack";
import { runCommand } from "../support/run-command";

const DEMO_SCRIPT = path.join(REPO_ROOT, "scripts", "demo.ts");
const FAKE_PULUMI = path.join(__dirname, "support", "fakePulumi.js");
const STACK_FILE = path.join(REPO_ROOT, `Pulumi.${DEMO_STACK}.yaml`);

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One line of the fake CLI's record (see support/fakePulumi.js). */
interface FakeCall {
  argv: string[];
  cwd: string;
  backendUrl?: string;
  backendDirExists: boolean;
  passphraseSet: boolean;
  altcraftEnv: string[];
  stdin: string;
  mailingsFileText?: string | null;
  probe?: { status?: number; error?: number; name?: string; failed?: string };
}

/** Runs `scripts/demo.ts` as `npm run demo` would, with exactly the environment given. */
function runDemoScript(env: NodeJS.ProcessEnv): Promise<DemoRun> {
  return runCommand(process.execPath, ["-r", "ts-node/register", DEMO_SCRIPT], {
    cwd: REPO_ROOT,
    env: { TS_NODE_TRANSPILE_ONLY: "true", HOME: os.tmpdir(), ...env },
  });
}

function readCalls(recordFile: string): FakeCall[] {
  if (!fs.existsSync(recordFile)) return [];
  return fs
    .readFileSync(recordFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FakeCall);
}

describe("npm run demo", function () {
  this.timeout(60_000);
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "demo-test-"));
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("finds an executable on PATH, and nothing in a folder without it", () => {
    const empty = fs.mkdtempSync(path.join(tmp, "empty-"));
    const fake = fs.mkdtempSync(path.join(tmp, "bin-"));
    fs.writeFileSync(path.join(fake, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(path.join(fake, "not-executable"), "", { mode: 0o644 });
    assert.equal(findOnPath("pulumi", [empty, fake].join(path.delimiter)), path.join(fake, "pulumi"));
    assert.equal(findOnPath("not-executable", fake), undefined);
    assert.equal(findOnPath("pulumi", empty), undefined);
    assert.equal(findOnPath("pulumi", undefined), undefined);
  });

  it("without the Pulumi CLI on PATH, says what to install and how to run the tests instead, exits 1 and starts nothing", async () => {
    const empty = fs.mkdtempSync(path.join(tmp, "no-pulumi-"));
    const { code, stdout, stderr } = await runDemoScript({ PATH: empty });
    assert.equal(code, 1);
    assert.match(stderr, /`pulumi` is not on PATH/);
    assert.ok(stderr.includes(INSTALL_URL), stderr);
    assert.match(stderr, /npm test/, "names the way to run the programs without the CLI");
    assert.equal(stdout, "", "no emulator, no step printed");
    assert.equal(fs.existsSync(STACK_FILE), false);
  });

  // The real Pulumi CLI cannot be installed on this machine (no network beyond loopback); a fake one on PATH records
  // every command, so the test pins what the demo runs, where, with which environment, and that the emulator answers.
  describe("with a fake `pulumi` first on PATH (the real CLI cannot be installed here)", () => {
    let bin: string;

    before(() => {
      bin = fs.mkdtempSync(path.join(tmp, "fake-bin-"));
      fs.writeFileSync(path.join(bin, "pulumi"), `#!${process.execPath}\nrequire(${JSON.stringify(FAKE_PULUMI)});\n`, { mode: 0o755 });
    });

    it("runs the root program's stack init, config, preview, up, a change, refresh, destroy, in order, against the emulator", async () => {
      const record = path.join(tmp, "calls.jsonl");
      const run = await runDemoScript({ PATH: bin, FAKE_PULUMI_RECORD: record, ALTCRAFT_TOKEN: "a-real-token-from-the-shell", ALTCRAFT_BASE_URL: "https://example.invalid" });
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      const calls = readCalls(record);

      const baseUrl = calls[1]?.argv[3] ?? "";
      const mailingsCopy = calls[3]?.argv[3] ?? "";
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(mailingsCopy, /pulumi-altcraft-demo-[^/]+\/mailings\.yaml$/);
      const stack = ["--stack", DEMO_STACK, "--non-interactive"];
      assert.deepEqual(
        calls.map((c) => c.argv),
        [
          ["stack", "init", DEMO_STACK, "--no-select", "--non-interactive"],
          ["config", "set", "altcraft:baseUrl", baseUrl, ...stack],
          ["config", "set", "--secret", "altcraft:token", ...stack],
          ["config", "set", "altcraft:mailingsFile", mailingsCopy, ...stack],
          ["preview", ...stack],
          ["up", "--yes", ...stack],
          ["up", "--yes", ...stack],
          ["refresh", "--yes", ...stack],
          ["destroy", "--yes", ...stack],
          ["stack", "rm", DEMO_STACK, "--yes", "--non-interactive"],
        ],
      );

      const backendUrl = `file://${path.join(path.dirname(mailingsCopy), "state")}`;
      for (const call of calls) {
        const what = call.argv.join(" ");
        assert.equal(call.cwd, REPO_ROOT, `${what}: runs in the root program's folder (Pulumi.yaml)`);
        assert.equal(call.backendUrl, backendUrl, what);
        assert.equal(call.backendDirExists, true, `${what}: the local backend folder exists`);
        assert.equal(call.passphraseSet, true, what);
        assert.deepEqual(call.altcraftEnv, [], `${what}: no ALTCRAFT_* variable from the user's shell`);
        assert.ok(!call.argv.some((arg) => arg.includes(DEMO_TOKEN)), `${what}: the token is never an argument`);
      }
      assert.equal(calls[2]?.stdin, DEMO_TOKEN, "the token reaches `config set --secret` on stdin");
      assert.deepEqual(calls.filter((c) => c !== calls[2]).map((c) => c.stdin), Array(calls.length - 1).fill(""));

      // During every deployment command the emulator answers at the configured baseUrl, with the token set and
      // the mailings of the root mailings.yaml seeded.
      const deployments = calls.slice(4, 9);
      for (const call of deployments) assert.deepEqual(call.probe, { status: 200, error: 0, name: "Welcome series" }, call.argv.join(" "));
      const rootMailings = fs.readFileSync(path.join(REPO_ROOT, "mailings.yaml"), "utf8");
      assert.equal(deployments[0]?.mailingsFileText, rootMailings, "preview runs on an exact copy of mailings.yaml");
      assert.equal(deployments[1]?.mailingsFileText, rootMailings);
      const changed = deployments[2]?.mailingsFileText ?? "";
      assert.match(changed, /welcome-series:/);
      assert.doesNotMatch(changed, /weekly-digest:/, "the change removes the last entry from the copy");
      assert.equal(fs.readFileSync(path.join(REPO_ROOT, "mailings.yaml"), "utf8"), rootMailings, "the repository's file is untouched");

      for (const line of ["== pulumi preview", "== pulumi up", "== A change", "paused \"in the Altcraft UI\"", "== pulumi destroy", "== Done"]) {
        assert.ok(run.stdout.includes(line), `prints "${line}":\n${run.stdout}`);
      }
      assert.ok(!run.stdout.includes(DEMO_TOKEN) && !run.stderr.includes(DEMO_TOKEN), "the token is never printed");
      assert.equal(fs.existsSync(path.dirname(mailingsCopy)), false, "the temporary folder is removed");
      assert.equal(fs.existsSync(STACK_FILE), false, "no stack file is left in the repository");
    });

    it("stops at the first failing command, says which, exits 1 and cleans up", async () => {
      const record = path.join(tmp, "failing.jsonl");
      const run = await runDemoScript({ PATH: bin, FAKE_PULUMI_RECORD: record, FAKE_PULUMI_FAIL_ON: "up" });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /demo failed: `pulumi up --yes --stack demo --non-interactive` exited with 1/);
      const calls = readCalls(record);
      assert.deepEqual(calls.map((c) => c.argv[0]), ["stack", "config", "config", "config", "preview", "up"], "nothing runs after the failure");
      const mailingsCopy = calls[3]?.argv[3] ?? "";
      assert.equal(fs.existsSync(path.dirname(mailingsCopy)), false, "the temporary folder is removed");
    });
  });
});
