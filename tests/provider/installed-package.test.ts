import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startEmulator, type Emulator } from "../../emulator";
import { TestEngine } from "../harness/engine";
import { startProviderHost, REPO_ROOT, type ProviderHost } from "../harness/providerHost";
import { withDestroyHost } from "../reliability/support/destroy-host";
import { makeUserProject } from "../support/user-project";

const TOKEN = "installed-package-token-7b3e";
const run = promisify(execFile);

/**
 * A program of the user's project, run in its own process (setMocks changes global state): declares one
 * ActivatedMailing from the installed package and prints the `__provider` input exactly as `dynamic.Resource` sent it.
 */
const CAPTURE_PROGRAM = `
const pulumi = require("@pulumi/pulumi");
(async () => {
  const registrations = [];
  await pulumi.runtime.setMocks(
    { newResource: (args) => { registrations.push(args.inputs); return { id: String(args.inputs.mailingId), state: args.inputs }; }, call: () => ({}) },
    "user-mailings",
    "dev",
  );
  const { ActivatedMailing } = require("pulumi-altcraft");
  const mailing = new ActivatedMailing("digest", { mailingId: 82, runNow: true });
  await new Promise((resolve) => mailing.id.apply(resolve));
  const inputs = registrations[0];
  process.stdout.write(JSON.stringify({ provider: inputs.__provider, declaredBy: inputs.declaredBy }) + "\\n");
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** Runs {@link CAPTURE_PROGRAM} in the user's project and returns the `__provider` text and `declaredBy` it registered. */
async function captureRegistration(project: string): Promise<{ provider: string; declaredBy: string }> {
  const program = path.join(project, "capture-provider.js");
  fs.writeFileSync(program, CAPTURE_PROGRAM);
  const { stdout } = await run(process.execPath, [program], { cwd: project, env: { ...process.env, ALTCRAFT_TOKEN: TOKEN } });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as { provider: string; declaredBy: string };
}

/**
 * A user's project: `node_modules/pulumi-altcraft` is a real copy of what `npm pack` ships (package.json + dist/),
 * next to the dependencies. From there Pulumi serializes the provider by reference to the installed package, so
 * state holds only a `require` of it, and the provider process resolves it from the project folder.
 */
function projectWithInstalledPackage(): string {
  return makeUserProject("altcraft-user-project-", (packageDir) => {
    fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(packageDir, "package.json"));
    fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(packageDir, "dist"), { recursive: true });
  });
}

describe("ActivatedMailing from an installed package (a user's project)", function () {
  this.timeout(60_000);
  let project: string;
  let emulator: Emulator;
  let host: ProviderHost;
  let providerText: string;
  let declaredBy: string;

  before(async () => {
    project = projectWithInstalledPackage();
    ({ provider: providerText, declaredBy } = await captureRegistration(project));
    emulator = await startEmulator({ tokens: [TOKEN], mailings: [{ id: 82, name: "Weekly digest" }] });
    const start = async () => {
      const started = await startProviderHost({ cwd: project });
      await started.configure({ "altcraft:baseUrl": emulator.url, "altcraft:token": TOKEN }, ["altcraft:token"]);
      return started;
    };
    host = withDestroyHost(await start(), start);
  });

  after(async () => {
    await host?.stop();
    await emulator?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("stores only a reference to abi/v1.js of the installed package in __provider, at most 1 KB", () => {
    assert.equal(typeof providerText, "string");
    assert.match(providerText, /require\("pulumi-altcraft\/dist\/provider\/abi\/v1\.js"\)/);
    assert.ok(Buffer.byteLength(providerText) <= 1024, `${Buffer.byteLength(providerText)} bytes`);
    // A reference, not code: no method body of the provider is stored.
    assert.doesNotMatch(providerText, /async function|configure\(|runtime/);
    assert.equal(providerText.includes(TOKEN), false);
    assert.equal(declaredBy, "user-mailings/dev/digest");
  });

  it("runs a whole lifecycle through the provider host started in the project folder", async () => {
    const engine = new TestEngine(host, providerText);
    const created = await engine.up("digest", { mailingId: 82, runNow: true, declaredBy });
    assert.equal(created.outputs.isActive, true);
    assert.equal(created.outputs.runLaunched, true);
    assert.equal(emulator.launches(82).length, 1);
    assert.equal((await engine.refresh("digest")).gone, false);
    await engine.destroy("digest");
    assert.equal(emulator.mailing(82)?.isActive, false);
    assert.equal(host.output().stderr.includes(TOKEN) || host.output().stdout.includes(TOKEN), false);
  });
});
