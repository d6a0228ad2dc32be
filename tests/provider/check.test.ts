import assert from "node:assert/strict";
import { checkActivatedMailingInputs } from "../../provider/check";
import { UNKNOWN_VALUE } from "../../provider/inputs";
import { INVALID_INPUTS } from "../support/invalid-inputs";

describe("ActivatedMailing check", () => {
  for (const testCase of INVALID_INPUTS) {
    it(`refuses ${testCase.name}, naming ${testCase.property}`, () => {
      const { failures } = checkActivatedMailingInputs(testCase.news);
      const failure = failures.find((f) => f.property === testCase.property);
      assert.ok(failure, `expected a failure for ${testCase.property}, got ${JSON.stringify(failures)}`);
      assert.match(failure.reason, testCase.reason);
    });
  }

  it("never repeats a token given as input in its reason", () => {
    const { failures } = checkActivatedMailingInputs({ mailingId: 1, token: "secret-token-value" });
    assert.ok(failures.every((f) => !f.reason.includes("secret-token-value")));
  });

  it("describes a refused value without showing it (the engine strips secret markers before check)", () => {
    const value = "s3cret-value-4711";
    const { failures } = checkActivatedMailingInputs({
      mailingId: value,
      runNow: true,
      overrideSourceType: value,
      overrideSourceId: 2,
      overrideLimit: value,
      content: { H1: [value] },
      attach: [value],
      triggers: value,
      onManualPause: value,
    });
    assert.ok(failures.length >= 7, JSON.stringify(failures));
    assert.ok(failures.every((f) => !f.reason.includes(value) && !f.reason.includes("4711")), JSON.stringify(failures));
    assert.match(failures.find((f) => f.property === "mailingId")?.reason ?? "", /got a string \(17 characters\)/);
  });

  it("refuses an onManualPause outside keep, resume, fail and a blank declaredBy, naming each", () => {
    const { failures } = checkActivatedMailingInputs({ mailingId: 1, onManualPause: "pause", declaredBy: " " });
    assert.match(failures.find((f) => f.property === "onManualPause")?.reason ?? "", /"keep", "resume", "fail"/);
    assert.match(failures.find((f) => f.property === "declaredBy")?.reason ?? "", /non-empty string/);
  });

  it("keeps the first declaredBy for the same mailing, so a rename changes no Request-ID; a new mailing takes the new one", () => {
    const olds = { mailingId: 82, declaredBy: "shop/prod/digest" };
    assert.equal(checkActivatedMailingInputs({ mailingId: 82, declaredBy: "shop/prod/renamed" }, olds).inputs.declaredBy, "shop/prod/digest");
    assert.equal(checkActivatedMailingInputs({ mailingId: 83, declaredBy: "shop/prod/renamed" }, olds).inputs.declaredBy, "shop/prod/renamed");
  });

  it("fills in defaults and keeps valid inputs as they are", () => {
    const { inputs, failures } = checkActivatedMailingInputs({ mailingId: 82 });
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, { mailingId: 82, runNow: false, abortIfRunning: false });
  });

  it("accepts the documented launch: a run to a list with a limit and apicontent values", () => {
    const news = {
      mailingId: 82,
      runNow: true,
      overrideSourceType: "list",
      overrideSourceId: 1,
      overrideLimit: 300,
      content: { H1: "Weather alert", n: 3, vip: true },
      attach: [{ file: "f3a1" }],
      triggers: ["2026-11-26"],
      abortIfRunning: true,
      onManualPause: "resume",
      declaredBy: "shop/prod/alert",
    };
    const { inputs, failures } = checkActivatedMailingInputs(news);
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, news);
  });

  it("drops null and undefined properties instead of passing them on", () => {
    const { inputs } = checkActivatedMailingInputs({ mailingId: 5, overrideLimit: undefined, content: null });
    assert.deepEqual(Object.keys(inputs).sort(), ["abortIfRunning", "mailingId", "runNow"]);
  });

  it("never refuses values that are still unknown during preview", () => {
    const cases: Record<string, unknown>[] = [
      { mailingId: UNKNOWN_VALUE },
      { mailingId: 1, runNow: UNKNOWN_VALUE, overrideSourceType: "list", overrideSourceId: UNKNOWN_VALUE },
      { mailingId: 1, runNow: true, overrideSourceType: UNKNOWN_VALUE, overrideSourceId: 4 },
      { mailingId: 1, runNow: true, overrideLimit: UNKNOWN_VALUE },
      { mailingId: 1, content: UNKNOWN_VALUE },
      { mailingId: 1, content: { H1: UNKNOWN_VALUE } },
      { mailingId: 1, attach: [UNKNOWN_VALUE] },
      { mailingId: 1, triggers: UNKNOWN_VALUE },
    ];
    for (const news of cases) {
      assert.deepEqual(checkActivatedMailingInputs(news).failures, [], JSON.stringify(news));
    }
  });

  it("keeps the serialized provider in the inputs it returns", () => {
    const { inputs } = checkActivatedMailingInputs({ mailingId: 1, __provider: "exports.handler = …" });
    assert.equal(inputs.__provider, "exports.handler = …");
  });
});
