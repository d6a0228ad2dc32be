/**
 * scripts/pulumi-cli.sh, the one place that gets the CLI: the pinned version equals the @pulumi/pulumi the project
 * installs, and the script picks, in order, PULUMI_ALTCRAFT_CLI_DIR, a recent enough `pulumi` on PATH, the complete
 * cached build, else a build (here: refused with what to install, since the test's PATH has no Go).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findOnPath } from "../../scripts/demo/pulumi-cli";
import { runCommand } from "../support/run-command";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(REPO_ROOT, "scripts", "pulumi-cli.sh");
/** What the script itself runs; anything else (pulumi, go) is absent unless a test adds it. */
const TOOLS = ["bash", "awk", "sort", "head", "dirname", "cat", "mkdir", "rm", "flock", "du", "cut"];

/** The version the wrapper module pins for `module` (e.g. github.com/pulumi/pulumi/pkg/v3). */
function pinned(module: string): string | undefined {
  const goMod = fs.readFileSync(path.join(REPO_ROOT, "scripts", "pulumi-cli", "go.mod"), "utf8");
  return new RegExp(`^\\s*${module.replace(/\//g, "\\/")} v(\\S+)`, "m").exec(goMod)?.[1];
}

describe("scripts/pulumi-cli.sh", function () {
  this.timeout(30_000);
  let tmp: string;
  let bin: string;

  /** Writes a fake `pulumi` printing `version` into a new folder; returns the folder. */
  const fakePulumi = (version: string): string => {
    const dir = fs.mkdtempSync(path.join(tmp, "pulumi-"));
    fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\n[ "$1" = version ] && echo ${version}\n`, { mode: 0o755 });
    return dir;
  };
  const run = (args: string[], env: Record<string, string>) =>
    runCommand("bash", [SCRIPT, ...args], { env: { PATH: bin, HOME: tmp, PULUMI_ALTCRAFT_CACHE: path.join(tmp, "empty-cache"), ...env } });

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-script-"));
    bin = fs.mkdtempSync(path.join(tmp, "bin-"));
    for (const tool of TOOLS) {
      const found = findOnPath(tool, process.env.PATH);
      assert.ok(found, `${tool} on this machine`);
      fs.symlinkSync(found, path.join(bin, tool));
    }
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("pins pkg/v3 and sdk/v3 at the version of the @pulumi/pulumi the lockfile installs", () => {
    const installed = (JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;
    assert.equal(pinned("github.com/pulumi/pulumi/pkg/v3"), installed);
    assert.equal(pinned("github.com/pulumi/pulumi/sdk/v3"), installed);
    const devRange = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> })
      .devDependencies["@pulumi/pulumi"];
    assert.equal(devRange?.replace(/^\^/, ""), installed, "package.json names the same version");
  });

  it("uses PULUMI_ALTCRAFT_CLI_DIR first", async () => {
    const dir = fakePulumi("v3.9.0");
    const { code, stdout, stderr } = await run([], { PULUMI_ALTCRAFT_CLI_DIR: dir });
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), dir);
    assert.match(stderr, /using PULUMI_ALTCRAFT_CLI_DIR: v3\.9\.0/);
  });

  it("uses a pulumi on PATH of at least --min, and says which", async () => {
    const dir = fakePulumi("v3.200.1");
    const { code, stdout, stderr } = await run(["--min", "3.181.0"], { PATH: `${dir}:${bin}` });
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), dir);
    assert.match(stderr, /using pulumi v3\.200\.1 on PATH/);
  });

  it("passes over an older pulumi on PATH, and without a cache or Go says what to install (exit 3)", async () => {
    const dir = fakePulumi("v3.138.9");
    const { code, stdout, stderr } = await run([], { PATH: `${dir}:${bin}` });
    assert.equal(code, 3);
    assert.equal(stdout, "");
    assert.match(stderr, /is v3\.138\.9, older than 3\.139\.0: not used/);
    assert.match(stderr, /no Go to build one[\s\S]*Install the Pulumi CLI/);
  });

  it("uses the cached build only when it is complete for the pinned version", async () => {
    const cache = path.join(tmp, "cache");
    const cachedBin = path.join(cache, `pulumi-v${pinned("github.com/pulumi/pulumi/pkg/v3")}`, "bin");
    fs.mkdirSync(cachedBin, { recursive: true });
    fs.writeFileSync(path.join(cachedBin, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
    const incomplete = await run(["--no-build"], { PULUMI_ALTCRAFT_CACHE: cache });
    assert.equal(incomplete.code, 3, "a build that never finished is not used");
    fs.writeFileSync(path.join(path.dirname(cachedBin), "complete"), "v0.0.1\n");
    assert.equal((await run(["--no-build"], { PULUMI_ALTCRAFT_CACHE: cache })).code, 3, "a build of another version is not used");
    fs.writeFileSync(path.join(path.dirname(cachedBin), "complete"), `v${pinned("github.com/pulumi/pulumi/pkg/v3")}\n`);
    const complete = await run(["--no-build"], { PULUMI_ALTCRAFT_CACHE: cache });
    assert.equal(complete.code, 0, complete.stderr);
    assert.equal(complete.stdout.trim(), cachedBin);
  });
});
