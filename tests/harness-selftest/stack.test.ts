/**
 * Conformance of `TestStack` to pulumi/pulumi's engine (pkg/v3.276.0), one test per rule of the table in
 * docs/testing-harness.md, on the fixture item provider and its recording server. Each rule is also checked against
 * the real `pulumi` CLI by tests/e2e/harness-conformance.test.ts.
 */
import assert from "node:assert/strict";
import { serializeProvider } from "../harness/engine";
import { isSecret } from "../harness/propertyValues";
import type { Deployment } from "../harness/deployment";
import { TestStack, type Registration } from "../harness/stack";
import { itemProvider, type ItemInputs, type ItemOutputs } from "./fixtures/itemProvider";
import { startItemServer, type ItemServer } from "./fixtures/itemServer";

const PROJECT = "conformance";

// The fixture provider, printing each Check and Diff so tests can see which calls the engine made.
const tracingProvider: typeof itemProvider = {
  ...itemProvider,
  async check(olds: ItemInputs, news: ItemInputs) {
    console.log(`CHECK olds=${JSON.stringify(olds.label ?? null)} news=${JSON.stringify(news.label)}`);
    return { inputs: news, failures: [] };
  },
  async diff(id: string, olds: ItemOutputs, news: ItemInputs) {
    console.log(`DIFF ${id}`);
    const replaces = olds.kind !== news.kind ? ["kind"] : [];
    const changes = replaces.length > 0 || olds.label !== news.label || olds.size !== news.size;
    return { changes, replaces, deleteBeforeReplace: news.deleteFirst === true };
  },
};

// The fixture provider with a Check that takes a while, printing when each starts and ends.
const slowCheckProvider: typeof itemProvider = {
  ...itemProvider,
  async check(_olds: ItemInputs, news: ItemInputs) {
    console.log(`CHECK-START ${news.label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    console.log(`CHECK-END ${news.label}`);
    return { inputs: news, failures: [] };
  },
};

// The fixture provider with a Diff that takes a while, printing when each starts and ends.
const slowDiffProvider: typeof itemProvider = {
  ...itemProvider,
  async diff(id: string, olds: ItemOutputs, news: ItemInputs) {
    console.log(`DIFF-START ${news.label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    console.log(`DIFF-END ${news.label}`);
    return itemProvider.diff!(id, olds, news);
  },
};

// The fixture provider without `diff`: the host answers DIFF_UNKNOWN and the engine diffs inputs itself.
const { diff: _unusedDiff, ...noDiffProvider } = itemProvider;

// DIFF_UNKNOWN, and a Check that sets `derived` one higher each run: a computed input only ignoreChanges can hold.
const counterProvider: typeof itemProvider = {
  ...noDiffProvider,
  async check(olds: ItemInputs & { derived?: number }, news: ItemInputs) {
    return { inputs: { ...news, derived: (olds.derived ?? 0) + 1 }, failures: [] };
  },
};

// Create answers with an empty id.
const emptyIdProvider: typeof itemProvider = {
  ...itemProvider,
  async create(inputs: ItemInputs) {
    return { id: "", outs: { ...inputs, serial: "none" } };
  },
};

/** Waits (polling) until `condition` holds; fails after 20 s. Not a timing assumption: it only bounds a hang. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("TestStack follows the engine's rules", function () {
  this.timeout(60_000);
  let server: ItemServer;
  let providerText: string;
  let noDiffText: string;

  before(async () => {
    server = await startItemServer();
    providerText = await serializeProvider(tracingProvider);
    noDiffText = await serializeProvider(noDiffProvider);
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.failing.clear();
    server.delayMs = 0;
    server.maxInFlight = 0;
    server.hold = undefined;
    server.release();
  });

  function newStack(token = "t1", extra: { parallel?: number; providerText?: string } = {}): TestStack {
    return new TestStack({
      providerText,
      project: PROJECT,
      stack: "dev",
      config: { [`${PROJECT}:endpoint`]: server.url, [`${PROJECT}:token`]: token },
      secretKeys: [`${PROJECT}:token`],
      ...extra,
    });
  }
  const item = (name: string, inputs: Partial<ItemInputs> = {}, opts: Registration["opts"] = {}): Registration => ({
    name,
    inputs: { label: name, ...inputs },
    opts,
  });
  const calls = (): string[] => server.requests.map((r) => `${r.method} ${r.path}`);
  const ops = (steps: { name: string; op: string }[]): string[] => steps.map((s) => `${s.op} ${s.name}`);

  it("replaces create-before-delete: the old one is pending delete and deleted after all creates and updates", async () => {
    const stack = newStack();
    await stack.up([item("a", { kind: "x" }), item("b", { size: 1 })]);
    const oldA = stack.resource("a")?.id;
    server.requests.length = 0;
    const r = await stack.up([item("a", { kind: "y" }), item("b", { size: 2 })]);
    assert.equal(r.error, undefined);
    // POST and PUT run in parallel; the DELETE of the replaced item comes only after both.
    assert.deepEqual(calls().slice(0, 2).sort(), ["POST /items", `PUT /items/${stack.resource("b")?.id}`]);
    assert.deepEqual(calls().slice(2), [`DELETE /items/${oldA}`]);
    assert.deepEqual(ops(r.steps).slice(-1), ["delete-replaced a"]);
    assert.ok(ops(r.steps).includes("create-replacement a"));
    assert.notEqual(stack.resource("a")?.id, oldA);
  });

  it("keeps a failed delete as a pending delete and retries it on the next up", async () => {
    const stack = newStack();
    await stack.up([item("a", { kind: "x" })]);
    const oldA = stack.resource("a")?.id ?? "";
    server.failing.add(`DELETE /items/${oldA}`);
    const r = await stack.up([item("a", { kind: "y" })]);
    assert.match(String(r.error), /delete/);
    const pending = stack.resources().filter((x) => x.delete);
    assert.deepEqual(pending.map((x) => x.id), [oldA]);
    server.failing.clear();
    server.requests.length = 0;
    const again = await stack.up([item("a", { kind: "y" })]);
    assert.equal(again.error, undefined);
    assert.deepEqual(calls(), [`DELETE /items/${oldA}`]);
    assert.equal(stack.resources().filter((x) => x.delete).length, 0);
  });

  it("deletes resources no longer declared at the end, after the updates", async () => {
    const stack = newStack();
    await stack.up([item("a", { size: 1 }), item("b")]);
    const b = stack.resource("b")?.id;
    server.requests.length = 0;
    const r = await stack.up([item("a", { size: 2 })]);
    assert.deepEqual(calls(), [`PUT /items/${stack.resource("a")?.id}`, `DELETE /items/${b}`]);
    assert.deepEqual(ops(r.steps), ["update a", "delete b"]);
  });

  it("checks a replacement again with empty olds", async () => {
    const stack = newStack();
    await stack.up([item("a", { kind: "x" })]);
    const r = await stack.up([item("a", { kind: "y" })]);
    const checks = r.diagnostics.filter((l) => l.startsWith("CHECK"));
    assert.deepEqual(checks, ['CHECK olds="a" news="a"', 'CHECK olds=null news="a"']);
  });

  it("records ErrorResourceInitFailed as initErrors and runs Update on the next up although Diff sees no change", async () => {
    const stack = newStack();
    const r = await stack.up([item("a", { fail: "initFailure" })]);
    assert.match(String(r.error), /failed to initialize/);
    const state = stack.resource("a");
    assert.deepEqual(state?.initErrors, ["fixture health check failed"]);
    server.requests.length = 0;
    const again = await stack.up([item("a", { fail: "initFailure" })]);
    assert.deepEqual(ops(again.steps), ["update a"]);
    assert.deepEqual(calls(), [`PUT /items/${state?.id}`]);
    assert.equal(stack.resource("a")?.initErrors, undefined);
  });

  it("stores the provider config: refresh and destroy use the config of the last up, --run-program the current one", async () => {
    const stack = newStack("old-token");
    await stack.up([item("a")]);
    const provider = stack.resources().find((x) => x.type === "pulumi:providers:pulumi-nodejs");
    assert.ok(provider && isSecret(provider.inputs[`${PROJECT}:token`]));
    stack.setConfig(`${PROJECT}:token`, "new-token", true);
    server.requests.length = 0;
    await stack.refresh();
    await stack.destroy();
    assert.deepEqual(server.requests.map((x) => x.authorization), ["Bearer old-token", "Bearer old-token"]);

    const other = newStack("old-token");
    await other.up([item("b")]);
    other.setConfig(`${PROJECT}:token`, "new-token", true);
    server.requests.length = 0;
    await other.destroy({ runProgram: [item("b")] });
    assert.deepEqual(server.requests.map((x) => `${x.method} ${x.authorization}`), ["DELETE Bearer new-token"]);
  });

  it("destroy --run-program and refresh --run-program call no Check and no Diff for the program's resources", async () => {
    const stack = newStack();
    await stack.up([item("a")]);
    const refreshed = await stack.refresh({ runProgram: [item("a")] });
    assert.deepEqual(refreshed.diagnostics.filter((l) => l.startsWith("CHECK")), []);
    const destroyed = await stack.destroy({ runProgram: [item("a")] });
    assert.deepEqual(destroyed.diagnostics.filter((l) => /^(CHECK|DIFF)/.test(l)), []);
    assert.deepEqual(ops(destroyed.steps), ["same a", "delete a"]);
  });

  it("--replace and taint replace without asking Diff", async () => {
    const stack = newStack();
    await stack.up([item("a"), item("b")]);
    const replaced = await stack.up([item("a"), item("b")], { replace: ["a"] });
    assert.ok(ops(replaced.steps).includes("create-replacement a"));
    assert.deepEqual(replaced.diagnostics.filter((l) => l.startsWith("DIFF")).length, 1); // b only
    stack.taint("b");
    const tainted = await stack.up([item("a"), item("b")]);
    assert.ok(ops(tainted.steps).includes("create-replacement b"));
    assert.deepEqual(tainted.diagnostics.filter((l) => l.startsWith("DIFF")).length, 1); // a only
    assert.equal(stack.resource("b")?.taint, undefined);
  });

  it("replaceOnChanges acts only on keys the provider reports: none from the Node host's Diff, the engine's own under DIFF_UNKNOWN", async () => {
    const stack = newStack();
    const opts = { replaceOnChanges: ["size"] };
    await stack.up([item("a", { size: 1 }, opts)]);
    const r = await stack.up([item("a", { size: 2 }, opts)]);
    assert.deepEqual(ops(r.steps), ["update a"]);

    const own = newStack();
    const noDiff = { ...opts, providerText: noDiffText };
    await own.up([item("n", { size: 1 }, noDiff)]);
    const replaced = await own.up([item("n", { size: 2 }, noDiff)]);
    assert.ok(ops(replaced.steps).includes("create-replacement n"));
  });

  it("ignoreChanges copies the old value, removes a key the old inputs lack, and follows nested paths", async () => {
    const stack = newStack();
    const opts = { ignoreChanges: ["size", "note", "meta.a"] };
    await stack.up([{ name: "a", inputs: { label: "a", size: 1, meta: { a: 1, b: 1 } }, opts }]);
    await stack.up([{ name: "a", inputs: { label: "a", size: 5, note: "new", meta: { a: 9, b: 2 } }, opts }]);
    const inputs = stack.resource("a")?.inputs;
    assert.equal(inputs?.size, 1);
    assert.equal("note" in (inputs ?? {}), false);
    assert.deepEqual(inputs?.meta, { a: 1, b: 2 });
  });

  it("refresh reads and shows drift; up --refresh uses the refreshed state, so a gone resource is created again", async () => {
    const stack = newStack();
    await stack.up([item("a"), item("b")]);
    const a = stack.resource("a")?.id ?? "";
    const b = stack.resource("b")?.id ?? "";
    const stored = server.items.get(a);
    if (stored) stored.label = "changed-outside";
    const r = await stack.refresh();
    assert.deepEqual(r.steps.find((s) => s.name === "a")?.drift, true);
    assert.deepEqual(r.steps.find((s) => s.name === "b")?.drift, false);
    server.items.delete(b);
    const up = await stack.up([item("a"), item("b")], { refresh: true });
    assert.ok(ops(up.steps).includes("create b"));
    assert.ok(ops(up.steps).includes("update a"));
    const plain = newStack();
    await plain.up([item("c")]);
    server.items.delete(plain.resource("c")?.id ?? "");
    assert.deepEqual(ops((await plain.up([item("c")])).steps), ["same c"]);
  });

  it("aliases carry a renamed resource over instead of create + delete", async () => {
    const stack = newStack();
    await stack.up([item("a")]);
    const id = stack.resource("a")?.id;
    server.requests.length = 0;
    const r = await stack.up([{ name: "b", inputs: { label: "a" }, opts: { aliases: ["a"] } }]);
    assert.deepEqual(ops(r.steps), ["same b"]);
    assert.deepEqual(calls(), []);
    assert.equal(stack.resource("b")?.id, id);
  });

  it("protect refuses a delete; retainOnDelete drops it from state without calling the provider", async () => {
    const stack = newStack();
    await stack.up([item("p", {}, { protect: true }), item("r", {}, { retainOnDelete: true })]);
    server.requests.length = 0;
    const r = await stack.up([]);
    assert.match(String(r.error), /protect/);
    assert.deepEqual(calls(), []);
    assert.ok(stack.resource("p"));
    assert.equal(stack.resource("r"), undefined);
  });

  it("runs registrations' steps in parallel up to the --parallel bound", async () => {
    // Creates are held at the server until the test lets them go, so how many run at once depends on the harness
    // alone, not on how fast the machine is. While registrations are left, the engine's loop must end up waiting for
    // a worker with exactly `--parallel` creates in flight; nothing else can start until one is let go.
    server.hold = (method) => method === "POST";
    const names = ["a", "b", "c", "d", "e", "f"];
    let deployment: Deployment | undefined;
    const stack = new TestStack({
      providerText,
      project: PROJECT,
      stack: "dev",
      config: { [`${PROJECT}:endpoint`]: server.url, [`${PROJECT}:token`]: "t1" },
      secretKeys: [`${PROJECT}:token`],
      parallel: 2,
      observe: (d) => (deployment = d),
    });
    const bounded = stack.up(names.map((n) => item(n)));
    for (let finished = 0; finished < names.length; finished++) {
      const inFlight = Math.min(2, names.length - finished);
      const waiting = names.length - finished > 2;
      await waitFor(() => server.held() === inFlight && (!waiting || deployment?.waitingForWorker === true), `${inFlight} creates held`);
      assert.equal(server.held(), inFlight);
      server.release(1);
    }
    assert.equal((await bounded).error, undefined);
    assert.equal(server.maxInFlight, 2);

    server.maxInFlight = 0;
    const wide = newStack("t1", { parallel: 8 }).up(names.map((n) => item(`${n}2`)));
    await waitFor(() => server.held() === 6, "all six creates held at once");
    server.release();
    assert.equal((await wide).error, undefined);
    assert.equal(server.maxInFlight, 6);
  });

  it("runs Check calls one at a time, even when the steps run in parallel", async () => {
    const stack = new TestStack({
      providerText: await serializeProvider(slowCheckProvider),
      project: PROJECT,
      stack: "dev",
      config: { [`${PROJECT}:endpoint`]: server.url, [`${PROJECT}:token`]: "t1" },
      secretKeys: [`${PROJECT}:token`],
      parallel: 8,
    });
    const result = await stack.up(["a", "b", "c", "d"].map((n) => item(n)));
    const checks = result.diagnostics.filter((line) => line.startsWith("CHECK-"));
    assert.equal(checks.length, 8, checks.join("\n"));
    for (let i = 0; i < checks.length; i += 2) {
      const label = checks[i]!.replace("CHECK-START ", "");
      assert.deepEqual([checks[i], checks[i + 1]], [`CHECK-START ${label}`, `CHECK-END ${label}`], `Checks overlapped:\n${checks.join("\n")}`);
    }
  });

  it("runs Diff calls one at a time too (no PULUMI_PARALLEL_DIFF), even when the steps run in parallel", async () => {
    const stack = newStack("t1", { parallel: 8, providerText: await serializeProvider(slowDiffProvider) });
    await stack.up(["a", "b", "c", "d"].map((n) => item(n, { size: 1 })));
    const result = await stack.up(["a", "b", "c", "d"].map((n) => item(n, { size: 2 })));
    const diffs = result.diagnostics.filter((line) => line.startsWith("DIFF-"));
    assert.equal(diffs.length, 8, diffs.join("\n"));
    for (let i = 0; i < diffs.length; i += 2) {
      const label = diffs[i]!.replace("DIFF-START ", "");
      assert.deepEqual([diffs[i], diffs[i + 1]], [`DIFF-START ${label}`, `DIFF-END ${label}`], `Diffs overlapped:\n${diffs.join("\n")}`);
    }
  });

  it("strips secrets before calls and marks the matching outputs secret again", async () => {
    const stack = newStack();
    await stack.up([item("s", { note: "hush" }, { secretKeys: ["note"], additionalSecretOutputs: ["serial"] })]);
    assert.equal((server.requests[0]?.body as { note?: unknown }).note, "hush");
    const outputs = stack.resource("s")?.outputs ?? {};
    assert.ok(isSecret(outputs.note));
    assert.ok(isSecret(outputs.serial));
    assert.equal(isSecret(outputs.label), false);
  });

  it("preview calls Check and Diff only and leaves the snapshot alone; --target leaves the rest untouched", async () => {
    const stack = newStack();
    await stack.up([item("a", { size: 1 }), item("b", { size: 1 })]);
    const before = stack.resources();
    server.requests.length = 0;
    const p = await stack.preview([item("a", { size: 2 }), item("c")]);
    assert.deepEqual(calls(), []);
    assert.deepEqual(ops(p.steps).slice(0, 2).sort(), ["create c", "update a"]);
    assert.deepEqual(ops(p.steps).slice(2), ["delete b"]);
    assert.deepEqual(stack.resources(), before);
    const t = await stack.up([item("a", { size: 3 }), item("b", { size: 3 })], { target: ["a"] });
    assert.deepEqual(ops(t.steps).sort(), ["same b", "update a"]);
    assert.equal(stack.resource("b")?.inputs.size, 1);
  });

  it("deleteBeforeReplace deletes the old one first; state rename and delete act on the snapshot only", async () => {
    const stack = newStack();
    await stack.up([item("a", { kind: "x" })]);
    const old = stack.resource("a")?.id;
    server.requests.length = 0;
    await stack.up([item("a", { kind: "y" }, { deleteBeforeReplace: true })]);
    assert.deepEqual(calls(), [`DELETE /items/${old}`, "POST /items"]);
    stack.renameResource("a", "z");
    assert.deepEqual(ops((await stack.up([{ name: "z", inputs: { label: "a", kind: "y" } }])).steps), ["same z"]);
    stack.deleteFromState("z");
    assert.deepEqual(stack.resources().filter((x) => x.name === "z"), []);
  });
  it("Same keeps the old outputs (the old __provider for delete) and marks them secret again by the new inputs", async () => {
    const stack = newStack();
    await stack.up([item("a", { note: "n" })]);
    const newCode = await serializeProvider({ ...tracingProvider, revision: 2 });
    const r = await stack.up([item("a", { note: "n" }, { secretKeys: ["note"], providerText: newCode })]);
    assert.deepEqual(ops(r.steps), ["same a"]);
    const state = stack.resource("a");
    assert.equal(state?.inputs.__provider, newCode);
    assert.equal(state?.outputs.__provider, providerText, "old outputs, so delete and refresh still run the old code");
    assert.equal(state?.outputs.serial, `S-${state?.id}`);
    assert.ok(isSecret(state?.outputs.note), "the step executor marks outputs by secret inputs after a Same too");
  });

  it("calls no Check outside --target (the engine stubs it with the old inputs)", async () => {
    const stack = newStack();
    await stack.up([item("a", { size: 1 }), item("b", { size: 1 })]);
    const r = await stack.up([item("a", { size: 2 }), item("b", { size: 2 }), item("c")], { target: ["a"] });
    assert.deepEqual(r.diagnostics.filter((l) => l.startsWith("CHECK")), ['CHECK olds="a" news="a"']);
    assert.deepEqual(ops(r.steps).sort(), ["same b", "skipped-create c", "update a"]);
  });

  it("protect refuses a replacement before anything is created or deleted, and stops the update", async () => {
    const stack = newStack();
    await stack.up([item("p", { kind: "x" }, { protect: true })]);
    const before = stack.resources();
    server.requests.length = 0;
    const r = await stack.up([item("p", { kind: "y" }, { protect: true })]);
    assert.match(String(r.error), /unable to replace resource [\s\S]*currently marked for protection/);
    assert.deepEqual(calls(), []);
    assert.deepEqual(stack.resources(), before);
  });

  it("an empty id from Create fails the step and records nothing", async () => {
    const stack = newStack("t1", { providerText: await serializeProvider(emptyIdProvider) });
    const r = await stack.up([item("e")]);
    assert.match(String(r.error), /plugin returned empty resource\.ID from create/);
    assert.equal(stack.resource("e"), undefined);
  });

  it("ignoreChanges applies in the engine's own diff under DIFF_UNKNOWN: a changing ignored input is no change", async () => {
    const stack = newStack("t1", { providerText: await serializeProvider(counterProvider) });
    const opts = { ignoreChanges: ["derived"] };
    await stack.up([item("c", {}, opts), item("d")]);
    const r = await stack.up([item("c", {}, opts), item("d")]);
    assert.deepEqual(ops(r.steps).sort(), ["same c", "update d"]);
  });

  it("up --refresh refreshes with the stored provider (the config of the last up), then deploys with the current one", async () => {
    const stack = newStack("old-token");
    await stack.up([item("a")]);
    stack.setConfig(`${PROJECT}:token`, "new-token", true);
    server.items.delete(stack.resource("a")?.id ?? "");
    server.requests.length = 0;
    const r = await stack.up([item("a")], { refresh: true });
    assert.equal(r.error, undefined);
    assert.deepEqual(server.requests.map((x) => `${x.method} ${x.authorization}`), ["GET Bearer old-token", "POST Bearer new-token"]);
  });

  it("deleteBeforeReplace: false overrides a provider that asks for delete-before-replace", async () => {
    const stack = newStack();
    await stack.up([item("a", { kind: "x", deleteFirst: true })]);
    const old = stack.resource("a")?.id;
    server.requests.length = 0;
    await stack.up([item("a", { kind: "y", deleteFirst: true }, { deleteBeforeReplace: false })]);
    assert.deepEqual(calls(), ["POST /items", `DELETE /items/${old}`]);
  });

  it("a failed delete cancels the deletes not yet started", async () => {
    const stack = newStack("t1", { parallel: 1 });
    await stack.up([item("x"), item("y"), item("z")]);
    for (const name of ["x", "y", "z"]) server.failing.add(`DELETE /items/${stack.resource(name)?.id}`);
    server.requests.length = 0;
    const r = await stack.up([]);
    assert.ok(r.error);
    assert.equal(calls().length, 1, calls().join("\n"));
    assert.equal(stack.resources().filter((x) => x.type !== "pulumi:providers:pulumi-nodejs").length, 3);
  });

  it("replaceOnChanges covering `#initerror` replaces a resource with init errors", async () => {
    const stack = newStack();
    const opts = { replaceOnChanges: ["#initerror"] };
    await stack.up([item("i", { fail: "initFailure" }, opts)]);
    const old = stack.resource("i")?.id;
    server.requests.length = 0;
    const r = await stack.up([item("i", {}, opts)]);
    assert.equal(r.error, undefined);
    assert.deepEqual(calls(), ["POST /items", `DELETE /items/${old}`]);
  });

  it("an alias conflict stops the deployment: nothing is created, updated or deleted", async () => {
    const stack = newStack();
    await stack.up([item("a"), item("b")]);
    const before = stack.resources();
    server.requests.length = 0;
    const r = await stack.up([item("a"), { name: "c", inputs: { label: "a" }, opts: { aliases: ["a"] } }]);
    assert.match(String(r.error), /Duplicate resource alias/);
    assert.deepEqual(calls(), []);
    assert.deepEqual(stack.resources(), before);
  });

  it("destroy --run-program deletes the program's new state: its protect and retainOnDelete count, not the old ones", async () => {
    const stack = newStack();
    await stack.up([item("p", {}, { protect: true }), item("k")]);
    const p = stack.resource("p")?.id;
    server.requests.length = 0;
    const r = await stack.destroy({ runProgram: [item("p", {}, { protect: false }), item("k", {}, { retainOnDelete: true })] });
    assert.equal(r.error, undefined);
    assert.deepEqual(calls(), [`DELETE /items/${p}`]);
    assert.deepEqual(stack.resources(), []);
  });

  it("state delete refuses a protected resource unless forced", async () => {
    const stack = newStack();
    await stack.up([item("p", {}, { protect: true })]);
    assert.throws(() => stack.deleteFromState("p"), /protected\. Re-run this command with --force/);
    assert.ok(stack.resource("p"));
    stack.deleteFromState("p", { force: true });
    assert.equal(stack.resource("p"), undefined);
  });

  it("replacementTrigger: the same value is a Same, a new one replaces without Diff", async () => {
    const stack = newStack();
    await stack.up([item("t", {}, { replacementTrigger: "one" })]);
    const same = await stack.up([item("t", {}, { replacementTrigger: "one" })]);
    assert.deepEqual(ops(same.steps), ["same t"]);
    const old = stack.resource("t")?.id;
    server.requests.length = 0;
    const replaced = await stack.up([item("t", {}, { replacementTrigger: "two" })]);
    assert.equal(replaced.diagnostics.filter((l) => l.startsWith("DIFF")).length, 0);
    assert.deepEqual(calls(), ["POST /items", `DELETE /items/${old}`]);
  });

  it("import reads the id with neither inputs nor state, which the dynamic-provider host cannot serve: the update fails", async () => {
    const stack = newStack();
    const r = await stack.up([item("i", {}, { import: "42" })]);
    assert.ok(r.error);
    assert.deepEqual(calls(), []);
    assert.equal(stack.resource("i"), undefined);
  });
});
