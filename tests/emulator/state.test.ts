import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SeedError, startEmulator, type Emulator, type SeedMailing } from "../../emulator";
import { callJson, startSeeded } from "./helpers";

describe("emulator state and seeding", () => {
  let emulator: Emulator | undefined;
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "altcraft-emulator-"))));
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("fills seed defaults", async () => {
    emulator = await startEmulator({ mailings: [{ id: 7 }], now: () => Date.UTC(2024, 0, 1) });
    assert.deepEqual(emulator.mailing(7), {
      id: 7,
      name: "Mailing 7",
      type: "regular",
      isActive: false,
      isCompleted: false,
      status: "Inactive",
      description: "",
      uiTags: [],
      groups: [],
      dataId: 1,
      dataType: "list",
      channel: "email",
      subid: "",
      forConfirm: false,
      resourceId: 1,
      updatedUser: "emulator",
      updateTime: "2024-01-01T00:00:00.000Z",
      content: [],
      log: [],
    });
  });

  it("loads a seed file (array or {mailings}) and lets options.mailings override by id", async () => {
    const file = join(dir, "seed.json");
    writeFileSync(file, JSON.stringify({ mailings: [{ id: 1, name: "From file" }, { id: 2 }] }));
    emulator = await startEmulator({ seedFile: file, mailings: [{ id: 2, name: "From options" }] });
    assert.equal(emulator.mailing(1)?.name, "From file");
    assert.equal(emulator.mailing(2)?.name, "From options");

    const arrayFile = join(dir, "array.json");
    writeFileSync(arrayFile, JSON.stringify([{ id: 3 }]));
    await emulator.close();
    emulator = await startEmulator({ seedFile: arrayFile });
    assert.deepEqual(emulator.mailings().map((m) => m.id), [3]);
  });

  it("loads the shipped example seed", async () => {
    emulator = await startEmulator({ seedFile: join(__dirname, "../../emulator/seed.example.json") });
    assert.ok(emulator.mailings().length >= 3);
    assert.equal(emulator.mailing(82)?.name, "Weather alert");
  });

  const badSeeds: [string, unknown, RegExp][] = [
    ["id 0", { id: 0 }, /id must be a positive integer/],
    ["a bad type", { id: 1, type: "newsletter" }, /type must be one of/],
    ["a non-boolean isActive", { id: 1, isActive: "yes" }, /isActive must be a boolean/],
    ["bad uiTags", { id: 1, uiTags: "a" }, /uiTags must be an array of strings/],
    ["bad groups", { id: 1, groups: [{ id: "x" }] }, /groups must be an array/],
    ["a bad dataType", { id: 1, dataType: "db" }, /dataType must be/],
  ];
  for (const [name, seed, pattern] of badSeeds) {
    it(`rejects a seed with ${name}`, async () => {
      await assert.rejects(startEmulator({ mailings: [seed as SeedMailing] }), (err: unknown) => err instanceof SeedError && pattern.test(err.message));
    });
  }

  it("rejects a missing or invalid seed file with the path in the message", async () => {
    await assert.rejects(startEmulator({ seedFile: join(dir, "missing.json") }), /cannot read seed file .*missing\.json/);
    const file = join(dir, "bad.json");
    writeFileSync(file, '{"mailings": 5}');
    await assert.rejects(startEmulator({ seedFile: file }), /must hold an array of mailings/);
  });

  it("rejects bad options by name", async () => {
    await assert.rejects(startEmulator({ port: -1 }), /port must be/);
    await assert.rejects(startEmulator({ tokens: [] }), /tokens must be/);
    await assert.rejects(startEmulator({ latencyMs: -5 }), /latencyMs must be/);
    await assert.rejects(startEmulator({ rateLimit: { requestsPerSecond: 0 } }), /requestsPerSecond must be a positive number/);
  });

  it("setMailing simulates drift made in the UI (status and log follow), removeMailing a deletion", async () => {
    ({ emulator } = await startSeeded());
    await callJson(emulator, "activate", { id: 82, run_now: true });
    emulator.setMailing({ ...emulator.mailing(82)!, isActive: false });
    assert.deepEqual((await callJson(emulator, "getStatus", { id: 82 })).envelope.data, { is_active: false, is_completed: false, status: "Inactive" });
    assert.equal(emulator.mailing(82)?.log.length, 3, "a replaced mailing keeps its run log");
    emulator.removeMailing(82);
    assert.equal((await callJson(emulator, "getStatus", { id: 82 })).envelope.error, 404);
  });

  it("keeps a custom status string until the next state change", async () => {
    ({ emulator } = await startSeeded());
    emulator.setMailing({ id: 5, isActive: true, status: "Paused by moderator" });
    assert.equal(((await callJson(emulator, "getStatus", { id: 5 })).envelope.data as { status: string }).status, "Paused by moderator");
    await callJson(emulator, "deactivate", { id: 5 });
    assert.equal(emulator.mailing(5)?.status, "Inactive");
  });

  it("mailing() returns a snapshot that callers cannot use to change state", async () => {
    ({ emulator } = await startSeeded());
    const snapshot = emulator.mailing(82)!;
    snapshot.isActive = true;
    snapshot.uiTags.push("mutated");
    assert.equal(emulator.mailing(82)?.isActive, false);
    assert.deepEqual(emulator.mailing(82)?.uiTags, ["alerts"]);
  });

  it("reset() restores the initial seed and clears records in place", async () => {
    ({ emulator } = await startSeeded());
    const requests = emulator.requests;
    await callJson(emulator, "activate", { id: 82, run_now: true });
    emulator.setMailing({ id: 99 });
    emulator.faults.add({ fault: { type: "reset" } });
    emulator.reset();
    assert.equal(emulator.mailing(82)?.isActive, false);
    assert.equal(emulator.mailing(99), undefined);
    assert.equal(requests.length, 0);
    assert.equal(emulator.executions.length, 0);
    assert.deepEqual(emulator.launches(), []);
    assert.deepEqual(emulator.faults.list(), []);
  });
});
