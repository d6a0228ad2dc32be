import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../harness/providerHost";
import { makeUserProject } from "../support/user-project";
import { runPolicyPackEntry, startPolicyAnalyzer, type PolicyAnalyzer } from "./support/analyzer";
import { mailing } from "./support/resources";

/** The files `npm pack` would put in the tarball, as npm itself lists them (scripts off: no rebuild). */
function packedFiles(): string[] {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const json = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return (JSON.parse(json) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path) ?? [];
}

/** A user's project whose `node_modules/pulumi-altcraft` holds exactly the packed files. */
function projectWithPackedFiles(files: string[]): string {
  return makeUserProject("altcraft-policy-user-", (packageDir) => {
    for (const file of files) {
      const target = path.join(packageDir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, file), target);
    }
  });
}

describe("policy pack: from the installed package (node_modules/pulumi-altcraft/policy-pack)", function () {
  this.timeout(60_000);
  let files: string[];
  let project: string;
  let packDir: string;
  let analyzer: PolicyAnalyzer;

  before(async () => {
    files = packedFiles();
    project = projectWithPackedFiles(files);
    packDir = path.join(project, "node_modules", "pulumi-altcraft", "policy-pack");
    analyzer = await startPolicyAnalyzer({ packDir, stack: "staging" });
    await analyzer.configure();
  });

  after(async () => {
    await analyzer?.stop();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("ships the pack folder and its compiled code", () => {
    for (const file of ["policy-pack/PulumiPolicy.yaml", "policy-pack/package.json", "dist/policy/index.js", "dist/policy/policies.js"]) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    assert.equal(files.some((f) => f.startsWith("policy/")), false, "TypeScript sources stay out");
  });

  it("resolves its entry, @pulumi/policy and the runner from where it sits in the project", () => {
    assert.equal(require.resolve(packDir), path.join(project, "node_modules", "pulumi-altcraft", "dist", "policy", "index.js"));
    assert.ok(require.resolve("@pulumi/policy", { paths: [packDir] }));
    assert.ok(runPolicyPackEntry(packDir).endsWith(path.join("cmd", "run-policy-pack", "index.js")));
  });

  it("serves the policies: a run on a stack outside allowedStacks fails", async () => {
    const info = await analyzer.info();
    assert.equal(info.name, "pulumi-altcraft");
    const found = await analyzer.analyze(mailing("alert", { mailingId: 4727, runNow: true, overrideLimit: 300 }));
    assert.deepEqual(found.map((d) => [d.policyName, d.enforcementLevel]), [["altcraft-run-stacks", "mandatory"]]);
    assert.match(found[0]?.message ?? "", /on stack "staging"/);
  });
});
