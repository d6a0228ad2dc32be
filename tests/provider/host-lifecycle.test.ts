import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { AltcraftClient } from "../../sdk";
import { activationParams } from "../../provider/operations";
import { activatedMailingProvider } from "../../provider/provider";
import { activationRequestId } from "../../provider/request-ids";
import { CheckFailedError, ProviderHostError, TestEngine, UNKNOWN, isSecret, serializeProvider, secret } from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { withDestroyHost, type SplitHost } from "../reliability/support/destroy-host";

const TOKEN = "host-lifecycle-token-5c1d9e";

/**
 * ActivatedMailing through Pulumi's real dynamic-provider host, driven over gRPC the way the engine drives it,
 * against the emulator. The provider process loads the built package (dist/), as a user's would.
 */
describe("ActivatedMailing through the real provider host", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let host: SplitHost;
  let providerText: string;
  let engine: TestEngine;

  before(async () => {
    emulator = await startEmulator({
      tokens: [TOKEN],
      mailings: [
        { id: 82, name: "Weekly digest", type: "regular" },
        { id: 83, name: "Winter sale", type: "broadcast" },
        { id: 4727, name: "Weather alert", type: "broadcast" },
        { id: 90, name: "Welcome series", type: "trigger", isActive: true },
      ],
    });
    providerText = await serializeProvider(activatedMailingProvider);
    const start = async (): Promise<ProviderHost> => {
      const started = await startProviderHost();
      await started.configure({ "altcraft:baseUrl": emulator.url, "altcraft:token": TOKEN }, ["altcraft:token"]);
      return started;
    };
    host = withDestroyHost(await start(), start);
  });

  after(async () => {
    await host?.stop();
    await emulator?.close();
  });

  beforeEach(() => {
    emulator.reset();
    engine = new TestEngine(host, providerText);
  });

  const mutating = () => emulator.executions.filter((e) => e.endpoint === "activate" || e.endpoint === "deactivate");
  const endpoints = () => emulator.requests.map((r) => r.endpoint);

  it("create reads once (at check), activates once, and returns every input plus what the API reports", async () => {
    const { op, id, outputs } = await engine.up("digest", { mailingId: 82 });
    assert.deepEqual(endpoints(), ["get", "activate"], "no get_status, no read-back");
    assert.equal(op, "create");
    assert.equal(id, "82");
    assert.equal(emulator.mailing(82)?.isActive, true);
    assert.deepEqual(
      mutating().map((e) => [e.endpoint, e.mailingId]),
      [["activate", 82]],
    );
    assert.equal(outputs.mailingId, 82);
    assert.equal(outputs.runNow, false);
    assert.equal(outputs.abortIfRunning, false);
    assert.equal(outputs.isActive, true);
    assert.equal(outputs.isCompleted, false);
    assert.equal(outputs.name, "Weekly digest");
    assert.equal(outputs.type, "regular");
    assert.equal(typeof outputs.status, "string");
    assert.match(String(outputs.lastRequestId), /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(String(outputs.activatedAt))));
    assert.equal(outputs.runLaunched, false);
    assert.equal(outputs.pausedOutsidePulumi, false);
    assert.equal(emulator.launches(82).length, 0, "runNow false launches nothing");
  });

  it("create with runNow launches once to the overridden audience, with limit and content, and check said so", async () => {
    const mark = host.mark();
    const { outputs } = await engine.up("alert", {
      mailingId: 4727,
      runNow: true,
      overrideSourceType: "segment",
      overrideSourceId: 2550,
      overrideLimit: 300,
      content: { H1: "Weather alert" },
    });
    const launches = emulator.launches(4727);
    assert.equal(launches.length, 1);
    assert.deepEqual(launches[0]?.runParams, {
      override_source_type: "segment",
      override_source_id: 2550,
      override_limit: 300,
      content: { H1: "Weather alert" },
    });
    assert.equal(outputs.runLaunched, true);
    assert.match(host.stdoutSince(mark), /altcraft: mailing 4727 "Weather alert" \(broadcast\): will launch a run to segment 2550, limit 300, content keys H1/);
  });

  it("adopts a mailing that is already active with one read and zero writes, and check said so", async () => {
    const mark = host.mark();
    const { op, outputs } = await engine.up("welcome", { mailingId: 90 });
    assert.equal(op, "create");
    assert.deepEqual(endpoints(), ["get"], "adoption reads only");
    assert.equal(outputs.isActive, true);
    assert.equal(outputs.lastRequestId, "");
    assert.equal(outputs.activatedAt, "");
    assert.equal(outputs.runLaunched, false);
    assert.equal(emulator.launches(90).length, 0);
    assert.match(host.stdoutSince(mark), /mailing 90 "Welcome series" \(trigger\): already active; up records it and sends nothing/);
    assert.doesNotMatch(host.stdoutSince(mark), /will launch a run/);
  });

  it("a second up with no change makes no API call that changes anything", async () => {
    await engine.up("digest", { mailingId: 82 });
    const before = mutating().length;
    const { op } = await engine.up("digest", { mailingId: 82 });
    assert.equal(op, "same");
    assert.equal(mutating().length, before);
  });

  it("refresh reads the real status with one campaigns/get; a pause made outside Pulumi is kept by default (no write)", async () => {
    await engine.up("alert", { mailingId: 4727, runNow: true });
    assert.equal(emulator.launches(4727).length, 1);
    emulator.pauseMailing(4727);

    emulator.requests.length = 0;
    const refreshed = await engine.refresh("alert");
    assert.deepEqual(endpoints(), ["get"]);
    assert.equal(refreshed.gone, false);
    assert.equal(refreshed.outputs?.isActive, false);

    const mark = host.mark();
    const { op, outputs } = await engine.up("alert", { mailingId: 4727, runNow: true });
    assert.equal(op, "update", "state records the pause");
    assert.equal(outputs.isActive, false);
    assert.equal(outputs.pausedOutsidePulumi, true);
    assert.equal(emulator.mailing(4727)?.isActive, false, "onManualPause: keep leaves it paused");
    assert.deepEqual(endpoints(), ["get", "get"], "refresh's read and check's read, no write");
    assert.match(host.stdoutSince(mark), /mailing 4727 "Weather alert" \(broadcast\): paused outside Pulumi; up keeps it paused \(onManualPause: keep\)/);

    const again = await engine.up("alert", { mailingId: 4727, runNow: true });
    assert.equal(again.op, "same", "a recorded pause is no change");
    assert.equal(mutating().filter((e) => e.mailingId === 4727).length, 1);
  });

  it("onManualPause: resume switches a paused mailing on again without launching again", async () => {
    await engine.up("alert", { mailingId: 4727, runNow: true });
    emulator.pauseMailing(4727);
    const { op, outputs } = await engine.up("alert", { mailingId: 4727, runNow: true, onManualPause: "resume" });
    assert.equal(op, "update");
    assert.equal(outputs.isActive, true);
    assert.equal(outputs.runLaunched, false);
    assert.equal(emulator.mailing(4727)?.isActive, true);
    assert.equal(emulator.launches(4727).length, 1, "re-activation after a pause must not send the mailing again");
  });

  it("refresh of a mailing deleted in Altcraft drops it from state", async () => {
    await engine.up("sale", { mailingId: 83 });
    emulator.removeMailing(83);
    const refreshed = await engine.refresh("sale");
    assert.equal(refreshed.gone, true);
    assert.equal(engine.state("sale"), undefined);
  });

  it("refresh of an unchanged mailing keeps inputs so the next diff is clean", async () => {
    await engine.up("digest", { mailingId: 82, content: { H1: "x" } });
    await engine.refresh("digest");
    const { op } = await engine.up("digest", { mailingId: 82, content: { H1: "x" } });
    assert.equal(op, "same");
  });

  it("update with new run parameters launches again; a triggers change launches again", async () => {
    await engine.up("alert", { mailingId: 4727, runNow: true, overrideLimit: 100 });
    await engine.up("alert", { mailingId: 4727, runNow: true, overrideLimit: 200 });
    await engine.up("alert", { mailingId: 4727, runNow: true, overrideLimit: 200, triggers: ["second run"] });
    const launches = emulator.launches(4727);
    assert.deepEqual(
      launches.map((l) => l.runParams.override_limit),
      [100, 200, 200],
    );
    assert.equal(new Set(launches.map((l) => l.requestId)).size, 3, "each intended run carries its own Request-ID");
  });

  it("a destroy and a new up with the same inputs switches the mailing on again, never repeats the launch, and warns", async () => {
    await engine.up("alert", { mailingId: 4727, runNow: true });
    await engine.destroy("alert");
    assert.equal(emulator.mailing(4727)?.isActive, false);
    const { outputs } = await engine.up("alert", { mailingId: 4727, runNow: true });
    assert.equal(outputs.isActive, true);
    assert.equal(emulator.mailing(4727)?.isActive, true);
    const activations = emulator.requests.filter((r) => r.endpoint === "activate");
    assert.equal(activations[0]?.requestId, activations[1]?.requestId, "the same intent carries the same Request-ID");
    assert.notEqual(activations[2]?.requestId, activations[1]?.requestId, "the stale replay is followed by a fresh activation");
    assert.equal(activations[2]?.body?.run_now, undefined, "the re-activation does not launch");
    assert.equal(emulator.launches(4727).length, 1);
    assert.equal(outputs.runLaunched, false, "state says no run went out");
    assert.match(host.output().stdout, /altcraft: warning: mailing 4727: Altcraft answered this activation from its de-duplication cache/);

    await engine.up("alert", { mailingId: 4727, runNow: true, triggers: ["again"] });
    assert.equal(emulator.launches(4727).length, 2, "a triggers change launches a new run");
  });

  it("an activation whose answers were all lost is not sent again when the finished mailing is re-run", async () => {
    // The earlier `up` whose every answer was lost: the activation ran on the platform under the intent's Request-ID,
    // and Pulumi recorded nothing.
    const params = activationParams({ mailingId: 4727, runNow: true, abortIfRunning: false }, true);
    const client = new AltcraftClient({ baseUrl: emulator.url, token: TOKEN });
    // Resources declared without ActivatedMailing (no declaredBy) are scoped by project and mailing.
    const intent = { declaredBy: "altcraft-test/mailing-4727", generation: "create", params: { ...params, triggers: null } };
    await client.mailings.activate(params, { requestId: activationRequestId(TOKEN, intent) });
    client.close();
    assert.equal(emulator.launches(4727).length, 1);
    // The broadcast finished meanwhile: inactive and completed.
    emulator.setMailing({ ...emulator.mailing(4727)!, isActive: false, isCompleted: true });

    const { outputs } = await engine.up("alert", { mailingId: 4727, runNow: true });
    assert.equal(emulator.launches(4727).length, 1, "the re-run is answered from the de-dup cache and nothing is re-sent");
    assert.equal(outputs.isCompleted, true);
    assert.equal(outputs.runLaunched, false);
    assert.equal(emulator.requests.filter((r) => r.endpoint === "activate").length, 2);
  });

  it("a change to abortIfRunning alone updates state with check's one read and no write", async () => {
    await engine.up("digest", { mailingId: 82 });
    emulator.requests.length = 0;
    const { op, outputs } = await engine.up("digest", { mailingId: 82, abortIfRunning: true });
    assert.equal(op, "update");
    assert.equal(outputs.abortIfRunning, true);
    assert.deepEqual(endpoints(), ["get"]);
  });

  it("a new mailing id replaces: the new mailing is activated, then the old one deactivated", async () => {
    await engine.up("digest", { mailingId: 82 });
    const { op, id } = await engine.up("digest", { mailingId: 83 });
    assert.equal(op, "replace");
    assert.equal(id, "83");
    assert.deepEqual(
      mutating().map((e) => `${e.endpoint} ${e.mailingId}`),
      ["activate 82", "activate 83", "deactivate 82"],
    );
    assert.equal(emulator.mailing(82)?.isActive, false);
    assert.equal(emulator.mailing(83)?.isActive, true);
  });

  it("delete deactivates with abortIfRunning; an already inactive or deleted mailing counts as deleted", async () => {
    await engine.up("digest", { mailingId: 82, abortIfRunning: true });
    await engine.destroy("digest");
    const deactivation = emulator.executions.find((e) => e.endpoint === "deactivate");
    assert.equal(deactivation?.params.abort_if_running, true);
    assert.equal(emulator.mailing(82)?.isActive, false);

    await engine.up("sale", { mailingId: 83 });
    emulator.removeMailing(83);
    await engine.destroy("sale");
    assert.equal(engine.state("sale"), undefined);
  });

  it("preview with unknown values makes no API call and is not refused", async () => {
    const preview = await engine.preview("alert", { mailingId: UNKNOWN, runNow: true, overrideLimit: UNKNOWN });
    assert.deepEqual(preview.failures, []);
    assert.equal(preview.op, "create");
    assert.equal(emulator.requests.length, 0);
  });

  it("bad inputs are refused at check, naming the property, and nothing is sent", async () => {
    await assert.rejects(engine.up("bad", { mailingId: -1, overrideLimit: 5 }), (error: unknown) => {
      assert.ok(error instanceof CheckFailedError);
      assert.match(error.message, /mailingId: must be a positive integer/);
      assert.match(error.message, /overrideLimit: applies only to a run/);
      return true;
    });
    assert.equal(emulator.requests.length, 0);
  });

  it("secret content is stripped before the provider sees it and its output is re-marked secret", async () => {
    const { outputs } = await engine.up("secret", { mailingId: 82, content: secret({ name: "Ann" }) }, { secretKeys: ["content"] });
    assert.ok(isSecret(outputs.content));
    const activation = emulator.executions.find((e) => e.endpoint === "activate");
    assert.deepEqual(activation?.params.content, { name: "Ann" });
  });

  it("an unknown mailing is refused at check, naming mailingId and the id, with no write and nothing recorded", async () => {
    await assert.rejects(engine.up("ghost", { mailingId: 999 }), (error: unknown) => {
      assert.ok(error instanceof CheckFailedError);
      assert.match(error.message, /mailingId: mailing 999 does not exist in Altcraft/);
      return true;
    });
    assert.deepEqual(mutating(), [], "no write");
    assert.ok(endpoints().every((e) => e === "get" || e === "list"), endpoints().join());
    assert.equal(engine.state("ghost"), undefined);
  });

  it("an API error on the activation fails the create with the mailing id, endpoint, code and text; nothing is recorded", async () => {
    emulator.faults.add({ endpoint: "activate", times: 2, fault: { type: "envelope", error: 400, errorText: "Campaign is archived" } });
    await assert.rejects(engine.up("digest", { mailingId: 82 }), (error: unknown) => {
      assert.ok(error instanceof ProviderHostError);
      assert.match(error.message, /ActivatedMailing 82: activate failed/);
      assert.match(error.message, /campaigns\/activate\//);
      assert.match(error.message, /400/);
      assert.match(error.message, /Campaign is archived/);
      return true;
    });
    assert.equal(endpoints().filter((e) => e === "activate").length, 2, "a refusal is sent once more under a fresh id");
    assert.equal(engine.state("digest"), undefined);
  });

  it("a read that fails at check refuses the resource before any write; the next up creates it with one activation", async () => {
    emulator.faults.add({ endpoint: "get", times: 20, fault: { type: "status", status: 400, body: "<html>bad</html>" } });
    await assert.rejects(engine.up("digest", { mailingId: 82 }), (error: unknown) => {
      assert.ok(error instanceof CheckFailedError);
      assert.match(error.message, /mailingId: mailing 82: it could not be read/);
      return true;
    });
    assert.deepEqual(mutating(), []);
    assert.equal(engine.state("digest"), undefined);
    emulator.faults.clear();
    const { op, outputs } = await engine.up("digest", { mailingId: 82 });
    assert.equal(op, "create");
    assert.equal(outputs.isActive, true);
    assert.equal(mutating().length, 1);
  });

  it("a value holding the configured token is refused at check, naming the property and never showing it", async () => {
    await assert.rejects(engine.up("leak", { mailingId: 82, content: { H1: `key ${TOKEN}` } }), (error: unknown) => {
      assert.ok(error instanceof CheckFailedError);
      assert.match(error.message, /content\.H1: holds the Altcraft API token/);
      assert.equal(error.message.includes(TOKEN), false);
      return true;
    });
    assert.deepEqual(emulator.requests, []);
  });

  it("the host's output never contains the token", () => {
    const { stdout, stderr } = host.output();
    assert.equal(stdout.includes(TOKEN), false);
    assert.equal(stderr.includes(TOKEN), false);
  });
});
