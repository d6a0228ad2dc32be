/**
 * The engine's step order through the real `pulumi` CLI (the root program and a user's TypeScript program with the
 * packed package), against the emulator. It proves, from the calls the emulator executed and from the stack's state:
 * - renames (with and without `aliases`), `up --replace`, `pulumi state taint` + `up`, two entries swapping ids, and
 *   an `up --refresh` after a pause made in the UI write nothing and leave every declared mailing as it was; a
 *   replaced `runNow` mailing launches no second run within Altcraft's de-duplication window (docs/provider.md);
 * - an entry removed is deactivated, `--target` and `--exclude` limit the deletes to what they name;
 * - `destroy` refuses a `protect`ed mailing (non-zero exit, the mailing left on) and leaves a `retainOnDelete` one on;
 *   `destroy --run-program` follows the options of the program, not those stored;
 * - `replacementTrigger` replaces without a write, and through `deletedWith` the dependent is replaced too and its
 *   Delete is never called on destroy (its mailing stays on);
 * - after a rename without `aliases`, `up --target <old name>` cannot keep the mailing on (the engine gives the
 *   provider no Check of the untargeted new name: provider/skipped-registrations.ts), so the program warns in the
 *   preview and before the delete, and `--target` of both names keeps it on.
 * Every failure message carries the CLI transcript of its case.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { startEmulator, type Emulator } from "../../emulator";
import { MUTATING_ENDPOINTS } from "../../sdk/endpoints";
import { ACTIVATED_MAILING, CliStack, type CliResult } from "./support/cli-stack";
import { packedProject } from "./support/packed-project";
import { REPO_ROOT } from "./support/pulumi-cli";

const TOKEN = "e2e-step-order-token-7f3a";
const ROOT_PROJECT = "altcraft-mailings";
const TS_PROJECT = "e2e-step-order";
/** Every mailing the cases use, all inactive at the start; one emulator serves every stack of this file. */
const SEED = [101, 102, 205, 310, 401, 402, 403, 404, 501, 502, 503, 504, 601, 602].map((id) => ({ id, name: `Mailing ${id}` }));
/** The warning of provider/skipped-registrations.ts. */
const SKIPPED_WARNING = /warning: altcraft: this deployment skips \d+ declared ActivatedMailing resource/;

type Entries = Record<string, Record<string, unknown>>;

describe("step order through the real pulumi CLI", function () {
  this.timeout(600_000);
  let emulator: Emulator;
  const stacks: CliStack[] = [];
  const folders: string[] = [];

  before(async () => {
    emulator = await startEmulator({ tokens: [TOKEN], mailings: SEED });
  });

  after(async () => {
    for (const stack of stacks) stack.dispose();
    await emulator?.close();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  /** The mutating calls the emulator executed since `mark`, as `endpoint id`, sorted. */
  const writesSince = (mark: number): string[] =>
    emulator.executions
      .slice(mark)
      .filter((e) => MUTATING_ENDPOINTS.has(e.endpoint))
      .map((e) => `${e.endpoint} ${e.mailingId}`)
      .sort();

  const isActive = (id: number): boolean | undefined => emulator.mailing(id)?.isActive;

  /** A stack of the root program (REPO_ROOT) reading its own mailings file, which `write` replaces. */
  async function rootStack(): Promise<{ stack: CliStack; write: (entries: Entries) => void }> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-e2e-order-"));
    folders.push(folder);
    const file = path.join(folder, "mailings.yaml");
    const write = (entries: Entries): void => fs.writeFileSync(file, stringify({ mailings: entries }));
    const stack = await CliStack.create({
      projectDir: REPO_ROOT,
      config: { "altcraft:baseUrl": emulator.url, "altcraft:mailingsFile": file },
      secrets: { "altcraft:token": TOKEN },
    });
    stacks.push(stack);
    return { stack, write };
  }

  const urnOf = (stack: CliStack, name: string): string => `urn:pulumi:${stack.stack}::${ROOT_PROJECT}::${ACTIVATED_MAILING}::${name}`;

  /**
   * One case: its commands run in `body`; a failure (an assertion or a command) carries the transcript of every
   * command the case ran (`stack export` by its command line only: its JSON is read by the assertions).
   */
  function step(title: string, stack: () => CliStack, body: () => Promise<void>): void {
    it(title, async () => {
      const from = stack().transcript.length;
      try {
        await body();
      } catch (error) {
        const transcript = stack()
          .transcript.slice(from)
          .map((entry) => (entry.startsWith("$ pulumi stack export") ? `${entry.split("\n")[0]} [output omitted]` : entry));
        // A new Error: mocha prints an AssertionError from its own stack and diff, so an appended message would not show.
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${message}\n--- CLI transcript of this case:\n${transcript.join("\n")}`, { cause: error });
      }
    });
  }

  /** The ActivatedMailing resources in state by name, with the id each holds. */
  async function idsInState(stack: CliStack): Promise<Record<string, number>> {
    const byName: Record<string, number> = {};
    for (const [name, resource] of await stack.mailings()) byName[name] = Number(resource.outputs?.mailingId);
    return byName;
  }

  /** The state has no pending delete and no pending operation left. */
  async function assertSettled(stack: CliStack): Promise<void> {
    const state = await stack.exportState();
    assert.deepEqual((state.deployment.resources ?? []).filter((r) => r.delete).map((r) => r.urn), [], "no pending delete");
    assert.deepEqual(state.deployment.pending_operations ?? [], [], "no pending operation");
  }

  describe("renames, replacements, swapped ids, a removed entry and a pause (root program)", () => {
    let stack: CliStack;
    let write: (entries: Entries) => void;
    let firstPromoRequestId: string | undefined;
    const promo = { mailingId: 310, runNow: true, overrideLimit: 100 };

    before(async () => {
      ({ stack, write } = await rootStack());
      write({ welcome: { mailingId: 101 }, cart: { mailingId: 102 }, digest: { mailingId: 205, abortIfRunning: true }, promo });
    });

    step("up: activates each mailing once; only the runNow one launches", () => stack, async () => {
      const mark = emulator.executions.length;
      await stack.ok(["up", "--yes", "--skip-preview"]);
      assert.deepEqual(writesSince(mark), ["activate 101", "activate 102", "activate 205", "activate 310"]);
      assert.deepEqual(emulator.launches().map((l) => l.mailingId), [310]);
      firstPromoRequestId = emulator.launches(310)[0]?.requestId;
      assert.ok(firstPromoRequestId, "the launch carries a Request-ID");
      assert.deepEqual(await idsInState(stack), { welcome: 101, cart: 102, digest: 205, promo: 310 });
    });

    step("rename with aliases: the resource is carried over, nothing written, its identity kept", () => stack, async () => {
      write({ "welcome-series": { mailingId: 101, aliases: ["welcome"] }, cart: { mailingId: 102 }, digest: { mailingId: 205, abortIfRunning: true }, promo });
      const mark = emulator.executions.length;
      const { stdout } = await stack.ok(["up", "--yes", "--skip-preview"]);
      assert.deepEqual(writesSince(mark), []);
      assert.doesNotMatch(stdout, /created|deleted/, "no create and no delete");
      const state = await stack.mailings();
      assert.deepEqual(await idsInState(stack), { "welcome-series": 101, cart: 102, digest: 205, promo: 310 });
      assert.equal(state.get("welcome-series")?.outputs?.declaredBy, `${ROOT_PROJECT}/${stack.stack}/welcome`, "Request-IDs keep their scope");
      assert.equal(isActive(101), true);
    });

    step("rename without aliases: create + delete, and the mailing stays ON (the delete sees it still declared)", () => stack, async () => {
      write({ "welcome-series": { mailingId: 101 }, "abandoned-cart": { mailingId: 102 }, digest: { mailingId: 205, abortIfRunning: true }, promo });
      const mark = emulator.executions.length;
      const { stdout } = await stack.ok(["up", "--yes", "--skip-preview"]);
      assert.match(stdout, /abandoned-cart created/);
      assert.match(stdout, /cart deleted/);
      assert.match(stdout, /mailing 102: still declared by a resource of this deployment/);
      assert.doesNotMatch(stdout, SKIPPED_WARNING, "nothing is skipped: no warning");
      assert.deepEqual(writesSince(mark), [], "adopted (already active) and not switched off");
      assert.equal(isActive(102), true);
      assert.deepEqual(await idsInState(stack), { "welcome-series": 101, "abandoned-cart": 102, digest: 205, promo: 310 });
      await assertSettled(stack);
    });

    step("up --replace of the runNow mailing: replaced, stays on, no second run (answered from the de-dup cache)", () => stack, async () => {
      // The preview cannot know Altcraft's cache: it announces the replacement's launch (a create with runNow).
      const preview = await stack.ok(["preview", "--replace", urnOf(stack, "promo")]);
      assert.match(preview.stdout, /mailing 310 "Mailing 310" \(regular\): will launch a run/);
      assert.doesNotMatch(preview.stdout, SKIPPED_WARNING, "nothing is skipped: no warning");
      const mark = emulator.executions.length;
      const requests = emulator.requests.length;
      const { stdout } = await stack.ok(["up", "--yes", "--skip-preview", "--replace", urnOf(stack, "promo")]);
      assert.match(stdout, /promo replaced/);
      assert.deepEqual(writesSince(mark), [], "the activation was a replay, not an execution; no deactivation");
      const activations = emulator.requests.slice(requests).filter((r) => r.endpoint === "activate");
      assert.deepEqual(activations.map((r) => r.requestId), [firstPromoRequestId], "one activation, with the first one's Request-ID");
      assert.equal(emulator.launches(310).length, 1, "docs/provider.md: within the window a --replace launches no run");
      assert.match(stdout, /NO run was launched/);
      assert.equal(isActive(310), true);
      const state = await stack.mailings();
      assert.equal(state.get("promo")?.outputs?.runLaunched, false, "state says no run went out");
      await assertSettled(stack);
    });

    step("pulumi state taint + up: replaced, stays on, no second run", () => stack, async () => {
      await stack.pulumiOk(["state", "taint", urnOf(stack, "promo"), "--stack", stack.stack, "--yes"]);
      assert.equal((await stack.mailings()).get("promo")?.taint, true);
      const mark = emulator.executions.length;
      const { stdout } = await stack.ok(["up", "--yes", "--skip-preview"]);
      assert.match(stdout, /promo replaced/);
      assert.deepEqual(writesSince(mark), []);
      assert.equal(emulator.launches(310).length, 1, "no second run");
      assert.equal(isActive(310), true);
      const promoState = (await stack.mailings()).get("promo");
      assert.notEqual(promoState?.taint, true, "the taint is cleared");
      assert.equal(promoState?.outputs?.runLaunched, false);
      await assertSettled(stack);
    });

    step("two entries swap mailing ids: both replaced, both mailings stay on, nothing written", () => stack, async () => {
      write({ "welcome-series": { mailingId: 102 }, "abandoned-cart": { mailingId: 101 }, digest: { mailingId: 205, abortIfRunning: true }, promo });
      const mark = emulator.executions.length;
      const { stdout } = await stack.ok(["up", "--yes", "--skip-preview"]);
      assert.match(stdout, /2 replaced/);
      assert.deepEqual(writesSince(mark), []);
      assert.equal(isActive(101), true);
      assert.equal(isActive(102), true);
      assert.deepEqual(await idsInState(stack), { "welcome-series": 102, "abandoned-cart": 101, digest: 205, promo: 310 });
      await assertSettled(stack);
    });

    step("an entry removed: up deactivates that mailing only, with its abortIfRunning", () => stack, async () => {
      write({ "welcome-series": { mailingId: 102 }, "abandoned-cart": { mailingId: 101 }, promo });
      const mark = emulator.executions.length;
      await stack.ok(["up", "--yes", "--skip-preview"]);
      assert.deepEqual(writesSince(mark), ["deactivate 205"]);
      const deactivation = emulator.executions.slice(mark).find((e) => e.endpoint === "deactivate");
      assert.ok(deactivation?.params["abort_if_running"], JSON.stringify(deactivation?.params));
      assert.equal(isActive(205), false);
      assert.deepEqual(await idsInState(stack), { "welcome-series": 102, "abandoned-cart": 101, promo: 310 });
    });

    step("up --refresh after a pause in the UI: kept paused (onManualPause: keep), nothing written", () => stack, async () => {
      emulator.pauseMailing(101);
      const mark = emulator.executions.length;
      await stack.ok(["up", "--yes", "--skip-preview", "--refresh"]);
      assert.deepEqual(writesSince(mark), []);
      assert.equal(isActive(101), false);
      const cart = (await stack.mailings()).get("abandoned-cart");
      assert.equal(cart?.outputs?.isActive, false);
      assert.equal(cart?.outputs?.pausedOutsidePulumi, true);
      assert.equal(isActive(102), true);
    });
  });

  describe("--target and --exclude (root program)", () => {
    let stack: CliStack;
    let write: (entries: Entries) => void;

    before(async () => {
      ({ stack, write } = await rootStack());
      write({ t1: { mailingId: 401 }, t2: { mailingId: 402 }, t3: { mailingId: 403 }, t4: { mailingId: 404 } });
      await stack.ok(["up", "--yes", "--skip-preview"]);
    });

    step("--target: of two removed entries only the targeted one is deleted (deactivated)", () => stack, async () => {
      write({ t3: { mailingId: 403 }, t4: { mailingId: 404 } });
      const mark = emulator.executions.length;
      await stack.ok(["up", "--yes", "--skip-preview", "--target", urnOf(stack, "t1")]);
      assert.deepEqual(writesSince(mark), ["deactivate 401"]);
      assert.equal(isActive(402), true, "t2 is not targeted: left as it is");
      assert.deepEqual(await idsInState(stack), { t2: 402, t3: 403, t4: 404 });
    });

    step("--exclude: the excluded removed entry stays (and stays on), the other removed one is deactivated", () => stack, async () => {
      write({ t4: { mailingId: 404 } });
      const mark = emulator.executions.length;
      await stack.ok(["up", "--yes", "--skip-preview", "--exclude", urnOf(stack, "t3")]);
      assert.deepEqual(writesSince(mark), ["deactivate 402"]);
      assert.equal(isActive(403), true);
      assert.deepEqual(await idsInState(stack), { t3: 403, t4: 404 });
    });

    step("a rename + preview --target <old name> (or --exclude <new name>): the program warns that the new name is skipped", () => stack, async () => {
      write({ t3: { mailingId: 403 }, "t4-renamed": { mailingId: 404 } });
      const requests = emulator.requests.length;
      const { stdout } = await stack.ok(["preview", "--target", urnOf(stack, "t4")]);
      assert.match(stdout, SKIPPED_WARNING);
      assert.ok(stdout.includes(`${urnOf(stack, "t4-renamed")} (mailing 404)`), "the warning names the skipped resource and its mailing");
      assert.match(stdout, /- 1 to delete/);
      assert.equal(emulator.requests.length - requests, 0, "no Check of t4-renamed and no Delete in a preview: no API call at all");
      const mark = emulator.executions.length;
      const excluded = await stack.ok(["preview", "--exclude", urnOf(stack, "t4-renamed")]);
      assert.ok(excluded.stdout.includes(`${urnOf(stack, "t4-renamed")} (mailing 404)`), "--exclude of the new name warns the same way");
      assert.match(excluded.stdout, /- 1 to delete/);
      assert.deepEqual(writesSince(mark), []);
    });

    step("a rename + up --target <old> --target <new> (the warning's remedy): the mailing stays on", () => stack, async () => {
      const mark = emulator.executions.length;
      const { stdout } = await stack.ok(["up", "--yes", "--skip-preview", "--target", urnOf(stack, "t4"), "--target", urnOf(stack, "t4-renamed")]);
      assert.doesNotMatch(stdout, SKIPPED_WARNING);
      assert.deepEqual(writesSince(mark), []);
      assert.equal(isActive(404), true);
      assert.deepEqual(await idsInState(stack), { t3: 403, "t4-renamed": 404 });
    });

    step("a rename + up --target <old name> only: warned before the delete; the engine leaves the provider blind", () => stack, async () => {
      write({ t3: { mailingId: 403 }, "t4-final": { mailingId: 404 } });
      const mark = emulator.executions.length;
      const { stdout } = await stack.ok(["up", "--yes", "--skip-preview", "--target", urnOf(stack, "t4-renamed")]);
      const warned = stdout.search(SKIPPED_WARNING);
      const deleting = stdout.search(/t4-renamed deleting/);
      assert.ok(warned >= 0 && deleting > warned, "the warning comes before the delete starts");
      assert.ok(stdout.includes(`${urnOf(stack, "t4-final")} (mailing 404)`));
      // Pinned limit: the untargeted `t4-final` gets no Check (step_generator.go continueStepsFromImport), so the
      // provider cannot know it declares 404, and the old name's delete switches it off.
      assert.deepEqual(writesSince(mark), ["deactivate 404"]);
      assert.deepEqual(await idsInState(stack), { t3: 403 });
      const again = emulator.executions.length;
      await stack.ok(["up", "--yes", "--skip-preview"]);
      assert.deepEqual(writesSince(again), ["activate 404"], "the next full up switches it on again");
      assert.equal(isActive(404), true);
    });
  });

  describe("destroy with protect and retainOnDelete, then destroy --run-program (root program)", () => {
    let stack: CliStack;
    let write: (entries: Entries) => void;

    before(async () => {
      ({ stack, write } = await rootStack());
      write({
        p1: { mailingId: 501, protect: true },
        r1: { mailingId: 502, retainOnDelete: true },
        n1: { mailingId: 503 },
        q1: { mailingId: 504, protect: true },
      });
      await stack.ok(["up", "--yes", "--skip-preview"]);
    });

    step("destroy: refused for the protected ones (non-zero exit, left on); the retained one is forgotten and left on", () => stack, async () => {
      const mark = emulator.executions.length;
      const result: CliResult = await stack.run(["destroy", "--yes", "--skip-preview"]);
      assert.notEqual(result.code, 0);
      assert.match(`${result.stdout}${result.stderr}`, /protected/);
      assert.deepEqual(writesSince(mark), ["deactivate 503"]);
      assert.equal(isActive(501), true);
      assert.equal(isActive(502), true);
      assert.equal(isActive(504), true);
      const state = await stack.mailings();
      assert.deepEqual([...state.keys()].sort(), ["p1", "q1"]);
      assert.equal(state.get("p1")?.protect, true);
    });

    step("destroy --run-program: the program's protect: false and retainOnDelete: true decide, not the stored options", () => stack, async () => {
      write({ p1: { mailingId: 501, protect: false }, q1: { mailingId: 504, protect: false, retainOnDelete: true } });
      const mark = emulator.executions.length;
      await stack.ok(["destroy", "--yes", "--skip-preview", "--run-program"]);
      assert.deepEqual(writesSince(mark), ["deactivate 501"]);
      assert.equal(isActive(501), false);
      assert.equal(isActive(504), true, "retainOnDelete from the program: left on");
      assert.equal((await stack.mailings()).size, 0);
    });
  });

  describe("replacementTrigger and deletedWith (a TypeScript program with the packed package)", () => {
    let stack: CliStack;
    const program = [
      'import { ActivatedMailing, installErrorStackGuard } from "pulumi-altcraft";',
      "",
      "installErrorStackGuard();",
      'const anchor = new ActivatedMailing("anchor", { mailingId: 601 }, { replacementTrigger: process.env.E2E_TRIGGER ?? "v1" });',
      'new ActivatedMailing("follower", { mailingId: 602 }, { deletedWith: anchor });',
      "",
    ].join("\n");

    before(async () => {
      const project = packedProject({
        files: {
          "Pulumi.yaml": `name: ${TS_PROJECT}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`,
          "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", esModuleInterop: true, skipLibCheck: true }, files: ["index.ts"] }),
          "index.ts": program,
        },
      });
      folders.push(project);
      stack = await CliStack.create({ projectDir: project, config: { "altcraft:baseUrl": emulator.url }, secrets: { "altcraft:token": TOKEN } });
      stacks.push(stack);
      await stack.ok(["up", "--yes", "--skip-preview"]);
    });

    step("replacementTrigger changed: the anchor and (deletedWith) its follower are replaced; nothing written, both on", () => stack, async () => {
      assert.equal(isActive(601), true);
      assert.equal(isActive(602), true);
      const mark = emulator.executions.length;
      const { stdout } = await stack.ok(["up", "--yes", "--skip-preview"], { env: { E2E_TRIGGER: "v2" } });
      assert.match(stdout, /anchor replaced/);
      assert.match(stdout, /follower replaced/, "a resource whose deletedWith target is replaced is replaced too (step_generator.go diff)");
      assert.deepEqual(writesSince(mark), []);
      assert.equal(isActive(601), true);
      assert.equal(isActive(602), true);
      const state = await stack.mailings();
      assert.equal(state.get("follower")?.outputs?.mailingId, 602);
      await assertSettled(stack);
    });

    step("destroy: the anchor is deactivated; the follower's Delete is never called (deletedWith), so 602 stays on", () => stack, async () => {
      const mark = emulator.executions.length;
      await stack.ok(["destroy", "--yes", "--skip-preview"]);
      assert.deepEqual(writesSince(mark), ["deactivate 601"]);
      assert.equal(isActive(601), false);
      assert.equal(isActive(602), true);
      assert.equal((await stack.mailings()).size, 0);
    });
  });
});
