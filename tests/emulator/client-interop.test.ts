// The typed client from sdk/ against the emulator: the two halves agree on paths, envelopes, de-dup and codes.
import { strict as assert } from "node:assert";
import { AltcraftClient, MailingNotFoundError } from "../../sdk";
import type { Emulator } from "../../emulator";
import { startSeeded, TOKEN } from "./helpers";

describe("emulator with the typed client", () => {
  let emulator: Emulator;
  let client: AltcraftClient;
  const noWait = async (): Promise<void> => undefined;
  beforeEach(async () => {
    ({ emulator } = await startSeeded());
    client = new AltcraftClient({ baseUrl: emulator.url, token: TOKEN, sleep: noWait, maxRetries: 2 });
  });
  afterEach(async () => {
    client.close();
    await emulator.close();
  });

  it("activates with run_now and reads the status back", async () => {
    const meta = await client.mailings.activate({ id: 82, runNow: true, overrideSourceType: "list", overrideSourceId: 1 });
    assert.equal(meta.duplicate, false);
    assert.deepEqual(emulator.launches(82).map((l) => [l.runParams, l.requestId]), [[{ override_source_type: "list", override_source_id: 1 }, meta.requestId]]);
    assert.deepEqual(await client.mailings.getStatus({ id: 82 }), { isActive: true, isCompleted: false, status: "Active" });
    assert.equal(emulator.requests[0]?.path, "/api/v1.1/campaigns/activate/");
  });

  it("a retry after an executed-then-reset call is replayed, not launched twice", async () => {
    emulator.faults.add({ endpoint: "activate", phase: "after", fault: { type: "reset" } });
    const meta = await client.mailings.activate({ id: 82, runNow: true });
    assert.equal(meta.attempts, 2);
    assert.equal(meta.duplicate, true);
    assert.equal(emulator.launches(82).length, 1);
    assert.deepEqual(emulator.requests.map((r) => r.requestId), [meta.requestId, meta.requestId]);
  });

  it("reports an unknown mailing with the shared not-found code", async () => {
    await assert.rejects(client.mailings.getStatus({ id: 999 }), (err: unknown) => err instanceof MailingNotFoundError);
  });

  it("pages through list with from_id/next_from_id", async () => {
    const ids: number[] = [];
    for await (const item of client.mailings.listAll({ limit: 1 })) ids.push(item.id);
    assert.deepEqual(ids, [15, 82, 4727]);
  });
});
