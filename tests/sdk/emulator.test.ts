// The client against the real local Altcraft emulator: both formats, both token placements, every method, and the
// retry/de-dup guarantees end to end.
import { strict as assert } from "node:assert";
import { startEmulator, type Emulator } from "../../emulator";
import {
  AltcraftClient,
  isAltcraftApiError,
  isMailingNotFoundError,
  type AltcraftClientOptions,
  type MailingListItem,
  type TokenPlacement,
  type WireFormat,
} from "../../sdk";
import { recordingSleep } from "./support/clock";
import { DOC_TOKEN } from "./support/fixtures";

const SEED = [
  { id: 15, name: "Welcome", type: "trigger" as const, uiTags: ["onboarding"], groups: [{ id: 1, name: "Marketing" }] },
  { id: 82, name: "Spring sale", type: "regular" as const, description: "Seasonal offer" },
  { id: 4727, name: "Weather alert", type: "broadcast" as const, isActive: true },
];

describe("sdk against the emulator", () => {
  let emulator: Emulator;
  const clients: AltcraftClient[] = [];

  function client(options: AltcraftClientOptions = {}): AltcraftClient {
    const made = new AltcraftClient({ baseUrl: emulator.url, token: DOC_TOKEN, sleep: recordingSleep().sleep, timeoutMs: 2_000, ...options });
    clients.push(made);
    return made;
  }

  beforeEach(async () => {
    emulator = await startEmulator({ tokens: [DOC_TOKEN], mailings: SEED });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await emulator.close();
  });

  const MODES: { format: WireFormat; tokenPlacement: TokenPlacement }[] = [
    { format: "json", tokenPlacement: "body" },
    { format: "json", tokenPlacement: "header" },
    { format: "xml", tokenPlacement: "body" },
    { format: "xml", tokenPlacement: "header" },
  ];

  for (const mode of MODES) {
    it(`activate → getStatus active → deactivate → inactive (${mode.format}, token in the ${mode.tokenPlacement})`, async () => {
      const c = client(mode);
      assert.deepStrictEqual(await c.mailings.getStatus({ id: 82 }), { isActive: false, isCompleted: false, status: "Inactive" });
      const activated = await c.mailings.activate({ id: 82, runNow: true, overrideSourceType: "segment", overrideSourceId: 2550, overrideLimit: 300 });
      assert.equal(activated.duplicate, false);
      assert.equal((await c.mailings.getStatus({ id: 82 })).isActive, true);
      await c.mailings.deactivate({ id: 82, abortIfRunning: true });
      assert.equal((await c.mailings.getStatus({ id: 82 })).isActive, false);

      assert.deepStrictEqual(
        emulator.launches(82).map((l) => l.runParams),
        [{ override_source_type: "segment", override_source_id: 2550, override_limit: 300 }],
      );
      assert.ok(emulator.requests.every((r) => r.format === mode.format && r.tokenIn === mode.tokenPlacement));
      assert.deepStrictEqual(
        emulator.requests.map((r) => r.path),
        [
          "/api/v1.1/campaigns/get_status",
          "/api/v1.1/campaigns/activate/",
          "/api/v1.1/campaigns/get_status",
          "/api/v1.1/campaigns/deactivate",
          "/api/v1.1/campaigns/get_status",
        ],
      );
    });

    it(`get, list, log, clone and delete (${mode.format}, token in the ${mode.tokenPlacement})`, async () => {
      const c = client(mode);
      const mailing = await c.mailings.get({ id: 82 });
      assert.equal(mailing.id, 82);
      assert.equal(mailing.name, "Spring sale");
      assert.equal(mailing.description, "Seasonal offer");
      assert.equal(mailing.isActive, false);

      const page = await c.mailings.list({ type: "trigger" });
      assert.deepStrictEqual(page.items.map((i) => [i.id, i.name, i.uiTags, i.groups]), [[15, "Welcome", ["onboarding"], [{ id: 1, name: "Marketing" }]]]);

      await c.mailings.activate({ id: 82, runNow: true });
      const log = await c.mailings.log({ id: 82 });
      assert.ok(log.entries.some((e) => e.state === "start"), JSON.stringify(log.entries));

      const copy = await c.mailings.clone({ id: 82, name: "Spring sale (copy)" });
      assert.equal((await c.mailings.get({ id: copy.savedId })).name, "Spring sale (copy)");

      await c.mailings.delete({ id: copy.savedId });
      const gone = await c.mailings.get({ id: copy.savedId }).catch((e: unknown) => e);
      assert.equal(isMailingNotFoundError(gone), true);
    });
  }

  it("listAll walks every page", async () => {
    const pages: number[] = [];
    const items: MailingListItem[] = [];
    for await (const item of client().mailings.listAll({ limit: 1 }, { onPage: (_p, i) => pages.push(i) })) items.push(item);
    assert.deepStrictEqual(items.map((i) => i.id), [15, 82, 4727]);
    assert.deepStrictEqual(pages.slice(0, 3), [0, 1, 2]);
  });

  it("a token the platform does not accept is an API error that never shows the token", async () => {
    const error = await client({ token: "not-the-token" }).mailings.getStatus({ id: 82 }).catch((e: unknown) => e);
    assert.equal(isAltcraftApiError(error), true);
    // The docs give 401 for a missing token; the emulator answers a wrong one with 403.
    assert.ok(["AuthenticationError", "PermissionError"].includes((error as Error).name), (error as Error).name);
    assert.ok(!(error as Error).message.includes("not-the-token"));
  });

  it("the same Request-ID is replayed, not executed again", async () => {
    const c = client();
    const first = await c.mailings.activate({ id: 82, runNow: true }, { requestId: "release-1" });
    const again = await c.mailings.activate({ id: 82, runNow: true }, { requestId: "release-1" });
    assert.deepStrictEqual([first.duplicate, again.duplicate], [false, true]);
    assert.equal(emulator.launches(82).length, 1);
  });

  it("retries a 502 that came after execution, and the replay reports the duplicate", async () => {
    emulator.faults.add({ endpoint: "activate", phase: "after", fault: { type: "status", status: 502 } });
    const meta = await client().mailings.activate({ id: 82, runNow: true });
    assert.equal(meta.attempts, 2);
    assert.equal(meta.duplicate, true);
    assert.equal(emulator.launches(82).length, 1);
  });

  for (const phase of ["before", "after"] as const) {
    it(`an activate hit by a 503, a reset and a 429 (${phase} execution) resolves with exactly one execution`, async () => {
      const faults = [{ type: "status", status: 503 }, { type: "reset" }, { type: "rateLimited", retryAfterSeconds: 1 }] as const;
      for (const fault of faults) emulator.faults.add({ endpoint: "activate", phase, times: 1, fault });
      const clock = recordingSleep();
      const meta = await client({ sleep: clock.sleep }).mailings.activate({ id: 82, overrideSourceId: 1, overrideSourceType: "list", runNow: true });
      const attempts = emulator.requests.filter((r) => r.endpoint === "activate");
      assert.equal(emulator.executions.filter((e) => e.endpoint === "activate").length, 1);
      assert.equal(emulator.launches(82).length, 1);
      assert.equal(new Set(attempts.map((r) => r.requestId)).size, 1, "every attempt carries the same Request-ID");
      assert.equal(attempts[0]?.requestId, meta.requestId);
      // Before execution every fault costs an attempt; after it, the platform's de-dup answers the first retry.
      assert.equal(attempts.length, phase === "before" ? 4 : 2);
      assert.equal(meta.attempts, attempts.length);
      assert.equal(emulator.mailing(82)?.isActive, true);
    });
  }

  it("honours the emulator's Retry-After on 429", async () => {
    emulator.faults.add({ endpoint: "getStatus", fault: { type: "rateLimited", retryAfterSeconds: 2 } });
    const clock = recordingSleep();
    const status = await client({ sleep: clock.sleep }).mailings.getStatus({ id: 4727 });
    assert.equal(status.isActive, true);
    assert.deepStrictEqual(clock.delays, [2_000]);
  });

  it("times out a hung request and succeeds on the retry", async () => {
    emulator.faults.add({ endpoint: "getStatus", fault: { type: "hang" } });
    const status = await client({ timeoutMs: 80 }).mailings.getStatus({ id: 4727 });
    assert.equal(status.isActive, true);
    assert.equal(emulator.requests.length, 2);
    assert.equal(emulator.requests[0]?.requestId, emulator.requests[1]?.requestId);
  });
});
