/**
 * Issue 11: the preview says which mailings `up` will send, to whom, and fails where `up` would. Every kind of
 * change goes preview → up through the engine harness; the preview holds a `will launch a run` line exactly when
 * the `up` that follows launches, and that `up` launches exactly what the line said.
 */
import assert from "node:assert/strict";
import type { Emulator } from "../../emulator";
import type { Props } from "../harness/propertyValues";
import { callsSince, launchLines, mailing, mailingStack, reviewerLines, startScenarioEmulator, TOKEN } from "./support/mailing-stack";

const BASE = { mailingId: 4727, runNow: true, overrideSourceType: "segment", overrideSourceId: 2550, overrideLimit: 300, content: { H1: "Weather alert" } };

interface Case {
  title: string;
  before?: Props;
  after: Props;
  launches: boolean;
  /** Rule for a paused mailing; the case pauses the mailing after the first up. */
  pause?: "resume" | "keep";
  expect?: RegExp;
}

const CASES: Case[] = [
  { title: "create with runNow", after: BASE, launches: true, expect: /^mailing 4727 "Weather alert" \(regular\): will launch a run to segment 2550, limit 300, content keys H1$/ },
  { title: "create without runNow", after: { mailingId: 4727 }, launches: false, expect: /up switches it on without launching a run/ },
  { title: "overrideLimit changed", before: BASE, after: { ...BASE, overrideLimit: 500 }, launches: true, expect: /limit 500/ },
  { title: "overrideSourceId changed", before: BASE, after: { ...BASE, overrideSourceId: 2551 }, launches: true, expect: /to segment 2551/ },
  { title: "overrideSourceType changed", before: BASE, after: { ...BASE, overrideSourceType: "list" }, launches: true, expect: /to list 2550/ },
  { title: "content changed (a typo fixed re-sends the run)", before: BASE, after: { ...BASE, content: { H1: "Weather alert!" } }, launches: true },
  { title: "attach changed", before: BASE, after: { ...BASE, attach: [{ file: "a.pdf" }, { file: "b.pdf" }] }, launches: true, expect: /2 attachments/ },
  { title: "triggers changed", before: BASE, after: { ...BASE, triggers: ["2026-12-01"] }, launches: true },
  { title: "runNow switched on", before: { mailingId: 4727 }, after: { mailingId: 4727, runNow: true }, launches: true, expect: /to the mailing's own audience, no limit override/ },
  { title: "runNow switched off", before: BASE, after: { mailingId: 4727 }, launches: false },
  { title: "a run parameter changed without runNow", before: { mailingId: 4727, content: { H1: "a" } }, after: { mailingId: 4727, content: { H1: "b" } }, launches: false },
  { title: "abortIfRunning alone", before: BASE, after: { ...BASE, abortIfRunning: true }, launches: false, expect: /updates the recorded state only/ },
  { title: "no change", before: BASE, after: BASE, launches: false, expect: /no change/ },
  { title: "drift repaired (onManualPause: resume)", before: BASE, after: BASE, launches: false, pause: "resume", expect: /switches it on again \(onManualPause: resume\) without launching a run/ },
];

describe("preview announces every launch, and up does exactly that", function () {
  this.timeout(120_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: 4727, name: "Weather alert" }, { id: 82, name: "Weekly digest", isActive: true }] });
  });
  after(() => emulator.close());
  beforeEach(() => emulator.reset());

  for (const c of CASES) {
    it(c.title, async () => {
      const stack = await mailingStack(emulator, "dev", c.pause ? { "altcraft:onManualPause": c.pause } : {});
      if (c.before) assert.equal((await stack.up([mailing("alert", c.before)])).error, undefined);
      if (c.pause) emulator.pauseMailing(4727);
      const launchesBefore = emulator.launches(4727).length;
      const mark = emulator.requests.length;
      const preview = await stack.preview([mailing("alert", c.after)]);
      assert.equal(preview.error, undefined, preview.error?.message);
      assert.equal(callsSince(emulator, mark).writes, 0, "a preview never writes");
      assert.ok(callsSince(emulator, mark).reads <= 1, "a preview reads each mailing at most once");
      const lines = reviewerLines(preview.diagnostics);
      assert.equal(lines.length, 1, `one line per mailing: ${lines.join(" | ")}`);
      assert.equal(launchLines(preview.diagnostics).length, c.launches ? 1 : 0, lines[0]);
      if (c.expect) assert.match(lines[0]!, c.expect);
      assert.doesNotMatch(lines[0]!, /Weather alert!|\ba\.pdf/, "never a content value or a file");

      const up = await stack.up([mailing("alert", c.after)]);
      assert.equal(up.error, undefined, up.error?.message);
      const launched = emulator.launches(4727).slice(launchesBefore);
      assert.equal(launched.length, c.launches ? 1 : 0);
      if (c.launches) {
        const after = c.after;
        assert.equal(launched[0]!.runParams.override_limit, after.overrideLimit);
        assert.equal(launched[0]!.runParams.override_source_id, after.overrideSourceId);
        assert.equal(launched[0]!.runParams.override_source_type, after.overrideSourceType);
        assert.deepEqual(launched[0]!.runParams.content, after.content);
      }
      assert.equal(launchLines(up.diagnostics).length, c.launches ? 1 : 0, "up says the same");
    });
  }

  it("adopting an active mailing: the line says nothing is sent, and up writes nothing", async () => {
    const stack = await mailingStack(emulator);
    const preview = await stack.preview([mailing("digest", { mailingId: 82 })]);
    assert.match(reviewerLines(preview.diagnostics)[0]!, /^mailing 82 "Weekly digest" \(regular\): already active; up records it and sends nothing$/);
    const mark = emulator.requests.length;
    await stack.up([mailing("digest", { mailingId: 82 })]);
    assert.deepEqual(callsSince(emulator, mark), { all: 1, writes: 0, activations: 0, deactivations: 0, reads: 1 });
  });

  it("bad settings: every one named at once, before any API call", async () => {
    const stack = await mailingStack(emulator, "dev", {
      "altcraft:maxConcurrency": "0",
      "altcraft:format": "yaml",
      "altcraft:onManualPause": "ignore",
      "altcraft:verifyOnPreview": "sometimes",
      "altcraft:tokn": "x",
    });
    const mark = emulator.requests.length;
    const preview = await stack.preview([mailing("alert", BASE)]);
    assert.ok(preview.error);
    const text = [preview.error!.message, ...preview.diagnostics].join("\n");
    for (const key of ["altcraft:maxConcurrency", "altcraft:format", "altcraft:onManualPause", "altcraft:verifyOnPreview", "altcraft:tokn"]) {
      assert.match(text, new RegExp(key), `${key} named`);
    }
    assert.match(text, /5 problems/);
    assert.equal(emulator.requests.length - mark, 0);
  });

  it("an unknown mailing fails the preview naming the resource and the id, with no write", async () => {
    const stack = await mailingStack(emulator);
    const mark = emulator.requests.length;
    const preview = await stack.preview([mailing("ghost", { mailingId: 999 })]);
    assert.ok(preview.error || preview.failures.length > 0);
    const text = [preview.error?.message ?? "", ...preview.failures.map((f) => `${f.property}: ${f.reason}`), ...preview.diagnostics].join("\n");
    assert.match(text, /ghost/);
    assert.match(text, /mailing 999 does not exist/);
    assert.equal(callsSince(emulator, mark).writes, 0);
  });

  it("a token without access fails the preview, says so, never shows the token, and writes nothing", async () => {
    const stack = await mailingStack(emulator);
    emulator.faults.add({ endpoint: "get", mailingId: 4727, times: 10, fault: { type: "envelope", error: 403, errorText: "Access denied" } });
    const mark = emulator.requests.length;
    const preview = await stack.preview([mailing("alert", BASE)]);
    const text = [preview.error?.message ?? "", ...preview.failures.map((f) => `${f.property}: ${f.reason}`)].join("\n");
    assert.match(text, /mailing 4727: the API token cannot read it/);
    assert.equal(text.includes(TOKEN), false);
    assert.equal(callsSince(emulator, mark).writes, 0);
  });
});
