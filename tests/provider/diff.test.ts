import assert from "node:assert/strict";
import { diffActivatedMailing, recordedFlags } from "../../provider/diff";
import { UNKNOWN_VALUE, type ManualPauseRule } from "../../provider/inputs";
import { describePlan, isPaused, pauseRuleFor, planCreate, planUpdate, type MailingFlags } from "../../provider/plan";

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
  const table: { name: string; news: Record<string, unknown>; olds?: Record<string, unknown>; rule?: ManualPauseRule; current?: MailingFlags; changes: boolean; replaces: string[] }[] = [
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
    { name: "a pause outside Pulumi not yet recorded updates (to record it, under keep)", olds: { ...recorded, isActive: false }, news: same, changes: true, replaces: [] },
    { name: "a pause already recorded is no change under keep", olds: { ...recorded, isActive: false, pausedOutsidePulumi: true }, news: same, changes: false, replaces: [] },
    { name: "a recorded pause updates under resume", olds: { ...recorded, isActive: false, pausedOutsidePulumi: true }, news: same, rule: "resume", changes: true, replaces: [] },
    { name: "a completed mailing is not a pause", olds: { ...recorded, isActive: false, isCompleted: true }, news: same, changes: false, replaces: [] },
    { name: "a pause seen now (check's read) but not in state updates", news: same, current: { isActive: false, isCompleted: false }, changes: true, replaces: [] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const result = diffActivatedMailing(row.olds ?? recorded, row.news, row.current, row.rule);
      assert.equal(result.changes, row.changes);
      assert.deepEqual(result.replaces, row.replaces);
    });
  }

  it("names the inputs that changed", () => {
    assert.deepEqual(diffActivatedMailing(recorded, { ...same, overrideLimit: 1, triggers: [1] }).changed, ["overrideLimit", "triggers"]);
  });
});

describe("ActivatedMailing update plan", () => {
  const paused = { ...recorded, isActive: false };
  const table: { name: string; olds?: Record<string, unknown>; news: Record<string, unknown>; rule?: ManualPauseRule; plan: Record<string, unknown> }[] = [
    { name: "abortIfRunning alone: state only, no API call", news: { ...same, abortIfRunning: true }, plan: { action: "record", launch: false } },
    { name: "a new input that is not a run input (onManualPause) never launches", news: { ...same, onManualPause: "keep" }, plan: { action: "record", launch: false } },
    { name: "a new declaredBy never launches", news: { ...same, declaredBy: "p/s/alert" }, plan: { action: "record", launch: false } },
    { name: "no change (a retried step): read again", news: same, plan: { action: "observe", launch: false } },
    { name: "paused outside Pulumi, keep (default): no write", olds: paused, news: same, plan: { action: "keep-paused", launch: false, pausedRule: "keep" } },
    { name: "paused outside Pulumi, keep, abortIfRunning changed: still no write", olds: paused, news: { ...same, abortIfRunning: true }, plan: { action: "keep-paused", launch: false, pausedRule: "keep" } },
    { name: "paused outside Pulumi, resume: re-activate without launching again", olds: paused, news: same, rule: "resume", plan: { action: "activate", launch: false, pausedRule: "resume" } },
    { name: "paused outside Pulumi, the resource's own resume wins over the stack's keep", olds: paused, news: { ...same, onManualPause: "resume" }, plan: { action: "activate", launch: false, pausedRule: "resume" } },
    { name: "paused outside Pulumi, a triggers change resumes and launches whatever the rule", olds: paused, news: { ...same, triggers: ["again"] }, plan: { action: "activate", launch: true, pausedRule: "keep" } },
    { name: "a triggers change with runNow launches", news: { ...same, triggers: ["again"] }, plan: { action: "activate", launch: true } },
    { name: "a new limit with runNow launches", news: { ...same, overrideLimit: 1 }, plan: { action: "activate", launch: true } },
    { name: "new content with runNow launches", news: { ...same, content: { H1: "New" } }, plan: { action: "activate", launch: true } },
    { name: "runNow switched off: activate only", news: { ...same, runNow: false, overrideSourceType: undefined, overrideSourceId: undefined, overrideLimit: undefined }, plan: { action: "activate", launch: false } },
    { name: "runNow switched on launches", olds: { ...recorded, runNow: false }, news: same, plan: { action: "activate", launch: true } },
    { name: "a triggers change without runNow re-activates only", olds: { ...recorded, runNow: false }, news: { ...same, runNow: false, triggers: [2] }, plan: { action: "activate", launch: false } },
  ];
  for (const row of table) {
    it(row.name, () => {
      const olds = row.olds ?? recorded;
      assert.deepEqual(planUpdate(olds, row.news, recordedFlags(olds), pauseRuleFor(row.news, row.rule ?? "keep")), row.plan);
    });
  }

  it("create: adopts an active mailing when no run is asked, activates otherwise", () => {
    assert.deepEqual(planCreate({ mailingId: 90, runNow: false }, { isActive: true, isCompleted: false }), { action: "adopt", launch: false });
    assert.deepEqual(planCreate({ mailingId: 90, runNow: true }, { isActive: true, isCompleted: false }), { action: "activate", launch: true });
    assert.deepEqual(planCreate({ mailingId: 82, runNow: false }, { isActive: false, isCompleted: false }), { action: "activate", launch: false });
  });

  it("isPaused only for an inactive, unfinished mailing", () => {
    assert.equal(isPaused({ isActive: false, isCompleted: false }), true);
    assert.equal(isPaused({ isActive: true, isCompleted: false }), false);
    assert.equal(isPaused({ isActive: false, isCompleted: true }), false);
    assert.equal(isPaused({}), false);
    assert.equal(isPaused(undefined), false);
  });

  it("the reviewer's line says `will launch a run` exactly when the step launches, with audience, limit and content keys only", () => {
    const observed = { name: "Weather alert", type: "broadcast" };
    const news = { mailingId: 4727, runNow: true, overrideSourceType: "segment", overrideSourceId: 2550, overrideLimit: 300, content: { H1: "secret text" } };
    const launch = describePlan(news, { action: "activate", launch: true }, observed);
    assert.equal(launch, 'mailing 4727 "Weather alert" (broadcast): will launch a run to segment 2550, limit 300, content keys H1');
    for (const plan of [
      { action: "activate", launch: false },
      { action: "adopt", launch: false },
      { action: "record", launch: false },
      { action: "observe", launch: false },
      { action: "keep-paused", launch: false, pausedRule: "keep" },
    ] as const) {
      assert.doesNotMatch(describePlan(news, plan, observed), /will launch a run/, plan.action);
    }
    assert.match(describePlan(news, { action: "adopt", launch: false }, observed), /already active; up records it and sends nothing/);
    assert.match(describePlan(news, { action: "keep-paused", launch: false, pausedRule: "keep" }, observed), /paused outside Pulumi; up keeps it paused \(onManualPause: keep\)/);
  });
});
