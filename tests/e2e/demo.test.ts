/**
 * `npm run demo` (the README's main job) with the real `pulumi` CLI: every step runs, the emulator executes what each
 * step announces, the user's ALTCRAFT_* variables never reach it, the token is never printed, and nothing is left in
 * the repository.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_STACK, DEMO_TOKEN } from "../../scripts/demo";
import { runCommand } from "../support/run-command";
import { pulumiCli, REPO_ROOT } from "./support/pulumi-cli";

/** The calls the demo's report says the emulator executed after the heading that starts with `heading`. */
function reportedCalls(stdout: string, heading: string): string[] {
  const section = stdout.split("\n== ").find((part) => part.startsWith(heading)) ?? "";
  const report = section.split("The emulator executed")[1] ?? "";
  return report
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => /^[a-z_]+ mailing \d+/.test(line))
    .filter((line) => !line.startsWith("get ") && !line.startsWith("list "))
    .sort();
}

describe("npm run demo with the real pulumi CLI", function () {
  this.timeout(600_000);

  it(`runs every step against the emulator on pulumi ${pulumiCli().version} and leaves nothing behind`, async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-demo-home-"));
    try {
      const run = await runCommand(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "scripts", "demo.ts")], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          HOME: home,
          PULUMI_ALTCRAFT_CLI_DIR: pulumiCli().binDir,
          PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
          ALTCRAFT_TOKEN: "a-real-token-from-the-shell",
          ALTCRAFT_BASE_URL: "https://example.invalid",
        },
      });
      const transcript = `${run.stdout}\n--- stderr\n${run.stderr}`;
      assert.equal(run.code, 0, transcript);
      for (const heading of ["pulumi preview", "pulumi up", "A change", "Mailing 101 paused", "pulumi destroy", "Done"]) {
        assert.ok(run.stdout.includes(`\n== ${heading}`), `prints "${heading}":\n${transcript}`);
      }
      assert.deepEqual(reportedCalls(run.stdout, "pulumi preview"), [], transcript);
      assert.deepEqual(reportedCalls(run.stdout, "pulumi up"), ["activate mailing 101", "activate mailing 102", "activate mailing 205"], transcript);
      assert.deepEqual(reportedCalls(run.stdout, "A change"), ["deactivate mailing 205"], transcript);
      assert.deepEqual(reportedCalls(run.stdout, "Mailing 101 paused"), [], transcript);
      assert.deepEqual(reportedCalls(run.stdout, "pulumi destroy"), ["deactivate mailing 101", "deactivate mailing 102"], transcript);
      assert.match(run.stdout, /\n== pulumi destroy[^\n]*\n[\s\S]*Mailings now: 101 inactive, 102 inactive, 205 inactive\n[\s\S]*\n== Done/);
      assert.ok(!run.stdout.includes(DEMO_TOKEN) && !run.stderr.includes(DEMO_TOKEN), "the token is never printed");
      assert.equal(fs.existsSync(path.join(REPO_ROOT, `Pulumi.${DEMO_STACK}.yaml`)), false, "no stack file is left in the repository");
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
