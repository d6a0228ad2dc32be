import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { AltcraftClient } from "../../sdk";
import { activationParams } from "../../provider/operations";
import { activatedMailingProvider } from "../../provider/provider";
import { activationRequestId } from "../../provider/request-ids";
import { CheckFailedError, ProviderHostError, TestEngine, UNKNOWN, isSecret, serializeProvider, secret } from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";

const TOKEN = "host-lifecycle-token-5c1d9e";

/**
 * ActivatedMailing through Pulumi's real dynamic-provider host, driven over gRPC the way the engine drives it,
 * against the emulator. The provider process loads the built package (dist/), as a user's would.
 */
describe("ActivatedMailing through the real provider host", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let host: ProviderHost;
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
    host = await startProviderHost();
    await host.configure({ "altcraft:baseUrl": emulator.url, "altcraft:token": TOKEN }, ["altcraft:token"]);
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

  it("create activates the mailing and returns every input plus what the API reports", async () => {
    const { op, id, outputs } = await engine.up("digest", { mailingId: 82 });
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
    assert.equal(emulator.launches(82).length, 0, "runNow false launches nothing");
  });

  it("create with runNow launches once to the overridden audience, with limit and content", async () => {
    await engine.up("alert", {
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
  });

  it("adopts a mailing that is already active instead of failing", async () => {
    const { outputs } = await engine.up("welcome", { mailingId: 90 });
    assert.equal(outputs.isActive, true);
    assert.equal(emulator.launches(90).length, 0);
  });

  it("a second up with no change makes no API call that changes anything", async () => {
    await engine.up("digest", { mailingId: 82 });
    const before = mutating().length;
    const { op } = await engine.up("digest", { mailingId: 82 });
    assert.equal(op, "same");
    assert.equal(mutating().length, before);
  });

  it("refresh reads the real status: drift is seen and the next up re-activates without launching again", async () => {
    await engine.up("alert", { mailingId: 4727, runNow: true });
    assert.equal(emulator.launches(4727).length, 1);
    emulator.setMailing({ ...emulator.mailing(4727)!, isActive: false });

    const refreshed = await engine.refresh("alert");
    assert.equal(refreshed.gone, false);
    assert.equal(refreshed.outputs?.isActive, false);

    const { op, outputs } = await engine.up("alert", { mailingId: 4727, runNow: true });
    assert.equal(op, "update");
    assert.equal(outputs.isActive, true);
    assert.equal(emulator.mailing(4727)?.isActive, true);
    assert.equal(emulator.launches(4727).length, 1, "re-activation after drift must not send the mailing again");
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

  it("a destroy and a new up with the same inputs switches the mailing on again but never repeats the launch", async () => {
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

    await engine.up("alert", { mailingId: 4727, runNow: true, triggers: ["again"] });
    assert.equal(emulator.launches(4727).length, 2, "a triggers change launches a new run");
  });

  it("an activation whose answers were all lost is not sent again when the finished mailing is re-run", async () => {
    // The earlier `up` whose every answer was lost: the activation ran on the platform under the intent's Request-ID,
    // and Pulumi recorded nothing.
    const params = activationParams({ mailingId: 4727, runNow: true, abortIfRunning: false }, true);
    const client = new AltcraftClient({ baseUrl: emulator.url, token: TOKEN });
    await client.mailings.activate(params, { requestId: activationRequestId("create", { ...params, triggers: null }) });
    client.close();
    assert.equal(emulator.launches(4727).length, 1);
    // The broadcast finished meanwhile: inactive and completed.
    emulator.setMailing({ ...emulator.mailing(4727)!, isActive: false, isCompleted: true });

    const { outputs } = await engine.up("alert", { mailingId: 4727, runNow: true });
    assert.equal(emulator.launches(4727).length, 1, "the re-run is answered from the de-dup cache and nothing is re-sent");
    assert.equal(outputs.isCompleted, true);
    assert.equal(emulator.requests.filter((r) => r.endpoint === "activate").length, 2);
  });

  it("a change to abortIfRunning alone updates state without calling the API", async () => {
    await engine.up("digest", { mailingId: 82 });
    const requestsBefore = emulator.requests.length;
    const { op, outputs } = await engine.up("digest", { mailingId: 82, abortIfRunning: true });
    assert.equal(op, "update");
    assert.equal(outputs.abortIfRunning, true);
    assert.equal(emulator.requests.length, requestsBefore);
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

  it("an API error fails the create with the mailing id, endpoint, code and text, and nothing is recorded", async () => {
    await assert.rejects(engine.up("ghost", { mailingId: 999 }), (error: unknown) => {
      assert.ok(error instanceof ProviderHostError);
      assert.match(error.message, /999/);
      assert.match(error.message, /campaigns\/activate\//);
      assert.match(error.message, /404/);
      assert.match(error.message, /not found/i);
      return true;
    });
    assert.equal(engine.state("ghost"), undefined);
  });

  it("an activation that ran but whose read-back failed is recorded with its id, so nothing is orphaned", async () => {
    emulator.faults.add({ endpoint: "getStatus", times: 20, fault: { type: "status", status: 400, body: "<html>bad</html>" } });
    await assert.rejects(engine.up("digest", { mailingId: 82 }), (error: unknown) => {
      assert.ok(error instanceof ProviderHostError);
      assert.equal(error.id, "82");
      assert.match(error.message, /was activated, but reading it back failed/);
      return true;
    });
    emulator.faults.clear();
    assert.equal(engine.state("digest")?.id, "82");
    const { op, outputs } = await engine.up("digest", { mailingId: 82 });
    assert.equal(outputs.isActive, true);
    assert.notEqual(op, "create");
    assert.equal(mutating().filter((e) => e.endpoint === "activate").length, 1, "the retry reads back, it does not activate again");
  });

  it("the host's output never contains the token", () => {
    const { stdout, stderr } = host.output();
    assert.equal(stdout.includes(TOKEN), false);
    assert.equal(stderr.includes(TOKEN), false);
  });
});
