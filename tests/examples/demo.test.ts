import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findOnPath, INSTALL_URL } from "../../scripts/demo";
import { REPO_ROOT } from "./support/emulatedStack";

describe("npm run demo", function () {
  this.timeout(30_000);
  let emptyBin: string;

  before(() => {
    emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
  });

  after(() => {
    fs.rmSync(emptyBin, { recursive: true, force: true });
  });

  it("finds an executable on PATH, and nothing in a folder without it", () => {
    const fake = path.join(emptyBin, "sub");
    fs.mkdirSync(fake);
    fs.writeFileSync(path.join(fake, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(path.join(fake, "not-executable"), "", { mode: 0o644 });
    assert.equal(findOnPath("pulumi", [emptyBin, fake].join(path.delimiter)), path.join(fake, "pulumi"));
    assert.equal(findOnPath("not-executable", fake), undefined);
    assert.equal(findOnPath("pulumi", emptyBin), undefined);
    assert.equal(findOnPath("pulumi", undefined), undefined);
    fs.rmSync(fake, { recursive: true });
  });

  it("without the Pulumi CLI on PATH, says how to install it and exits non-zero", async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["-r", "ts-node/register", path.join(REPO_ROOT, "scripts", "demo.ts")], {
        cwd: REPO_ROOT,
        env: { PATH: emptyBin, TS_NODE_TRANSPILE_ONLY: "true", HOME: os.tmpdir() },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.on("error", reject);
      child.on("close", (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    assert.notEqual(code, 0);
    assert.ok(stderr.includes("`pulumi` is not on PATH"), stderr);
    assert.ok(stderr.includes(INSTALL_URL), stderr);
    assert.equal(stdout, "", "nothing was started");
  });
});
