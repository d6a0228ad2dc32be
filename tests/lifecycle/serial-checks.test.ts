/**
 * Pulumi's engine runs Check calls one at a time in its event loop, and Diffs too unless PULUMI_PARALLEL_DIFF is set
 * (pkg/resource/deploy/deployment_executor.go `handleSingleEvent`; step_generator.go `diff`, the ParallelDiff branch;
 * checked with pulumi v3.276 in tests/e2e/harness-conformance.test.ts). So `check` of an existing resource must not
 * wait for its read: it starts the read (with the reads hinted ahead) and the Diff of the same registration waits for
 * it; a refusal then fails that Diff, and so the preview, naming the mailing.
 */
import assert from "node:assert/strict";
import type { Emulator } from "../../emulator";
import { serializeProvider } from "../harness/engine";
import { startProviderHost, type ProviderHost } from "../harness/providerHost";
import { activatedMailingProvider } from "../../provider/provider";
import { mailing, mailingStack, startScenarioEmulator, TOKEN } from "./support/mailing-stack";

describe("checks of existing resources do not wait for the API", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let host: ProviderHost | undefined;
  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: 82, name: "Weekly digest", isActive: true }, { id: 83 }] });
  });
  after(async () => {
    await host?.stop();
    await emulator.close();
  });

  it("an existing resource's Check answers while its read hangs; its Diff waits for the read and fails with it", async () => {
    host = await startProviderHost({ project: "mailings" });
    await host.configure(
      { "altcraft:baseUrl": emulator.url, "altcraft:token": TOKEN, "altcraft:timeoutMs": "400", "altcraft:maxRetries": "0" },
      ["altcraft:token"],
    );
    const providerText = await serializeProvider(activatedMailingProvider);
    const inputs = { mailingId: 82, runNow: false, abortIfRunning: false, declaredBy: "mailings/dev/digest", __provider: providerText };
    emulator.faults.add({ endpoint: "get", mailingId: 82, times: 1, fault: { type: "hang" } });
    const checked = await host.check(inputs, inputs);
    // The read can only fail (it hangs past the 400 ms timeout, no retry): a Check that had waited for it would
    // have returned its refusal. It returned none, so it answered before the read ended.
    assert.deepEqual(checked.failures, []);
    const outputs = { ...inputs, isActive: true, isCompleted: false, status: "Active", name: "Weekly digest", type: "regular", lastRequestId: "", activatedAt: "", runLaunched: false, pausedOutsidePulumi: false };
    await assert.rejects(host.diff("82", outputs, checked.inputs, inputs), /mailing 82: it could not be read/);
  });

  it("a mailing deleted in the UI under an existing resource fails the preview at its Diff, naming the id", async () => {
    const stack = await mailingStack(emulator);
    await stack.up([mailing("other", { mailingId: 83 })]);
    emulator.removeMailing(83);
    const preview = await stack.preview([mailing("other", { mailingId: 83 })]);
    assert.ok(preview.error);
    assert.match([preview.error!.message, ...preview.steps.map((s) => s.error ?? "")].join("\n"), /mailing 83 does not exist/);
    assert.equal(emulator.requests.filter((r) => r.endpoint === "activate" || r.endpoint === "deactivate").length, 1, "only the first up's activation");
  });
});
