import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type Emulator } from "../../emulator";
import { TestEngine } from "../harness/engine";
import { startProviderHost, REPO_ROOT, type ProviderHost } from "../harness/providerHost";

const TOKEN = "installed-package-token-7b3e";

/**
 * A user's project: `node_modules/pulumi-altcraft` is a real copy of what `npm pack` ships (package.json + dist/),
 * next to the dependencies. From there Pulumi serializes the provider by reference to the installed package, so
 * state holds only a `require` of it, and the provider process resolves it from the project folder.
 */
function makeUserProject(): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-user-project-"));
  const modules = path.join(project, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
    if (entry === "pulumi-altcraft" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
  }
  const installed = path.join(modules, "pulumi-altcraft");
  fs.mkdirSync(installed);
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(installed, "package.json"));
  fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(installed, "dist"), { recursive: true });
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-mailings", private: true }));
  return project;
}

describe("ActivatedMailing from an installed package (a user's project)", function () {
  this.timeout(60_000);
  let project: string;
  let emulator: Emulator;
  let host: ProviderHost;
  let providerText: string;

  before(async () => {
    project = makeUserProject();
    const installed = require(path.join(project, "node_modules", "pulumi-altcraft")) as typeof import("../../index");
    providerText = (await pulumi.runtime.serializeFunction(() => installed.activatedMailingProvider, { allowSecrets: true })).text;
    emulator = await startEmulator({ tokens: [TOKEN], mailings: [{ id: 82, name: "Weekly digest" }] });
    host = await startProviderHost({ cwd: project });
    await host.configure({ "altcraft:baseUrl": emulator.url, "altcraft:token": TOKEN }, ["altcraft:token"]);
  });

  after(async () => {
    await host?.stop();
    await emulator?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("stores only a reference to the installed package in __provider", () => {
    assert.match(providerText, /require\("pulumi-altcraft\/dist\/index\.js"\)/);
    assert.ok(Buffer.byteLength(providerText) < 1024, `${Buffer.byteLength(providerText)} bytes`);
    assert.equal(providerText.includes(TOKEN), false);
  });

  it("runs a whole lifecycle through the provider host started in the project folder", async () => {
    const engine = new TestEngine(host, providerText);
    const created = await engine.up("digest", { mailingId: 82, runNow: true });
    assert.equal(created.outputs.isActive, true);
    assert.equal(emulator.launches(82).length, 1);
    assert.equal((await engine.refresh("digest")).gone, false);
    await engine.destroy("digest");
    assert.equal(emulator.mailing(82)?.isActive, false);
    assert.equal(host.output().stderr.includes(TOKEN) || host.output().stdout.includes(TOKEN), false);
  });
});
