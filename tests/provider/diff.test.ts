import assert from "node:assert/strict";
import { diffActivatedMailing, isDrifted, planUpdate } from "../../provider/diff";
import { UNKNOWN_VALUE } from "../../provider/inputs";

const recorded = {
  mailingId: 82,
  runNow: true,
  overrideSourceType: "segment",
  overrideSourceId: 2550,
  overrideLimit: 300,
  content: { H1: "Hello" },
  abortIfRunning: false,
  isActive: true,
  isCompleted: false,
  status: "Active",
  name: "Weekly digest",
  type: "regular",
  lastRequestId: "5f0c3c1e-0000-4000-8000-000000000001",
  activatedAt: "2026-11-26T10:00:00.000Z",
  __provider: "old provider text",
};
const same = {
  mailingId: 82,
  runNow: true,
  overrideSourceType: "segment",
  overrideSourceId: 2550,
  overrideLimit: 300,
  content: { H1: "Hello" },
  abortIfRunning: false,
  __provider: "new provider text",
};

describe("ActivatedMailing diff", () => {
  const table: { name: string; news: Record<string, unknown>; olds?: Record<string, unknown>; changes: boolean; replaces: string[] }[] = [
    { name: "nothing changed (a new provider text alone is no change)", news: same, changes: false, replaces: [] },
    { name: "a new mailing id replaces", news: { ...same, mailingId: 83 }, changes: true, replaces: ["mailingId"] },
    { name: "an unknown mailing id may replace", news: { ...same, mailingId: UNKNOWN_VALUE }, changes: true, replaces: ["mailingId"] },
    { name: "a new limit updates", news: { ...same, overrideLimit: 500 }, changes: true, replaces: [] },
    { name: "a removed limit updates", news: { ...same, overrideLimit: undefined }, changes: true, replaces: [] },
    { name: "new content updates", news: { ...same, content: { H1: "Hi" } }, changes: true, replaces: [] },
    { name: "content key order is no change", olds: { ...recorded, content: { a: 1, b: 2 } }, news: { ...same, content: { b: 2, a: 1 } }, changes: false, replaces: [] },
    { name: "a triggers change updates", news: { ...same, triggers: ["v2"] }, changes: true, replaces: [] },
    { name: "abortIfRunning alone updates", news: { ...same, abortIfRunning: true }, changes: true, replaces: [] },
    { name: "an unknown value updates", news: { ...same, content: { H1: UNKNOWN_VALUE } }, changes: true, replaces: [] },
    { name: "drift (inactive) updates", olds: { ...recorded, isActive: false }, news: same, changes: true, replaces: [] },
    { name: "a completed mailing is not drift", olds: { ...recorded, isActive: false, isCompleted: true }, news: same, changes: false, replaces: [] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const result = diffActivatedMailing(row.olds ?? recorded, row.news);
      assert.equal(result.changes, row.changes);
      assert.deepEqual(result.replaces, row.replaces);
    });
  }

  it("names the inputs that changed", () => {
    assert.deepEqual(diffActivatedMailing(recorded, { ...same, overrideLimit: 1, triggers: [1] }).changed, ["overrideLimit", "triggers"]);
  });
});

describe("ActivatedMailing update plan", () => {
  const table: { name: string; olds?: Record<string, unknown>; news: Record<string, unknown>; action: string; launch: boolean }[] = [
    { name: "abortIfRunning alone: no API call", news: { ...same, abortIfRunning: true }, action: "none", launch: false },
    { name: "no change (retry after a failed read-back): read again", news: same, action: "observe", launch: false },
    { name: "drift alone: re-activate without launching again", olds: { ...recorded, isActive: false }, news: same, action: "activate", launch: false },
    { name: "drift and abortIfRunning: re-activate, no launch", olds: { ...recorded, isActive: false }, news: { ...same, abortIfRunning: true }, action: "activate", launch: false },
    { name: "a triggers change with runNow launches", news: { ...same, triggers: ["again"] }, action: "activate", launch: true },
    { name: "a new limit with runNow launches", news: { ...same, overrideLimit: 1 }, action: "activate", launch: true },
    { name: "new content with runNow launches", news: { ...same, content: { H1: "New" } }, action: "activate", launch: true },
    { name: "runNow switched off: activate only", news: { ...same, runNow: false, overrideSourceType: undefined, overrideSourceId: undefined, overrideLimit: undefined }, action: "activate", launch: false },
    { name: "runNow switched on launches", olds: { ...recorded, runNow: false }, news: same, action: "activate", launch: true },
    { name: "a triggers change without runNow re-activates only", olds: { ...recorded, runNow: false }, news: { ...same, runNow: false, triggers: [2] }, action: "activate", launch: false },
  ];
  for (const row of table) {
    it(row.name, () => {
      assert.deepEqual(planUpdate(row.olds ?? recorded, row.news), { action: row.action, launch: row.launch });
    });
  }

  it("isDrifted only for an inactive, unfinished mailing", () => {
    assert.equal(isDrifted({ isActive: false, isCompleted: false }), true);
    assert.equal(isDrifted({ isActive: true, isCompleted: false }), false);
    assert.equal(isDrifted({ isActive: false, isCompleted: true }), false);
    assert.equal(isDrifted({}), false);
  });
});
