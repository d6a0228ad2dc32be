import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_STACK, findOnPath, INSTALL_URL } from "../../scripts/demo";
import { REPO_ROOT } from "./support/emulatedStack";
import { runCommand } from "../support/run-command";

const DEMO_SCRIPT = path.join(REPO_ROOT, "scripts", "demo.ts");
const STACK_FILE = path.join(REPO_ROOT, `Pulumi.${DEMO_STACK}.yaml`);

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/demo.ts` as `npm run demo` would, with exactly the environment given. */
function runDemoScript(env: NodeJS.ProcessEnv): Promise<DemoRun> {
  return runCommand(process.execPath, ["-r", "ts-node/register", DEMO_SCRIPT], {
    cwd: REPO_ROOT,
    env: { TS_NODE_TRANSPILE_ONLY: "true", HOME: os.tmpdir(), ...env },
  });
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

  it("with no pulumi on PATH, no cached build and no Go: says what to install, exits 1 and starts nothing", async () => {
    // Only what scripts/pulumi-cli.sh itself runs: no pulumi, no go.
    const bin = fs.mkdtempSync(path.join(tmp, "no-pulumi-"));
    for (const tool of ["bash", "awk", "dirname"]) {
      const found = findOnPath(tool, process.env.PATH);
      assert.ok(found, `${tool} on this machine`);
      fs.symlinkSync(found, path.join(bin, tool));
    }
    const emptyCache = fs.mkdtempSync(path.join(tmp, "no-cache-"));
    const { code, stdout, stderr } = await runDemoScript({ PATH: bin, PULUMI_ALTCRAFT_CACHE: emptyCache });
    assert.equal(code, 1);
    assert.match(stderr, /no `pulumi` on PATH, no cached build, and no Go to build one/);
    assert.ok(stderr.includes(INSTALL_URL), stderr);
    assert.match(stderr, /Go 1\.26\+/, "names the other way: Go, to build the CLI");
    assert.equal(stdout, "", "no emulator, no step printed");
    assert.equal(fs.existsSync(STACK_FILE), false);
  });
});
