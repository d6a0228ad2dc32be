import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { INVALID_INPUTS } from "../support/invalid-inputs";
import { ECHO_REPLIES } from "../security/support/echo-replies";
import { FAULT_SEQUENCES, TRANSIENT_FAULTS, faultMatrix, matrixRow } from "./support/fault-matrix";
import { HOST_SAMPLE_PER_CLASS, MALFORMED_CLASSES, generateMalformedCases, hostSample, type MalformedClass } from "./support/malformed-bodies";

// The figures live in docs/reliability.md.
const DOC = readFileSync(path.resolve(__dirname, "..", "..", "docs", "reliability.md"), "utf8");

/** How the table names each malformed class. */
const DOC_LABELS: Record<MalformedClass, string> = {
  "truncated JSON": "truncated JSON",
  "truncated XML": "truncated XML",
  "HTML error page": "HTML error pages",
  "wrong type": "wrong types",
  "missing field": "missing fields",
  "huge body": "huge bodies",
  "wrong content type": "wrong content types",
  "empty body": "empty bodies",
  "binary garbage": "binary garbage",
  "deeply nested": "deeply nested documents",
  "broken HTTP exchange": "broken HTTP exchanges",
};

const count = (n: number) => n.toLocaleString("en-US");

/** The case counts in docs/reliability.md are the counts the suites generate, so the table cannot drift. */
describe("reliability: docs/reliability.md matches the generated cases", () => {
  it("fault matrix: the total and each row", () => {
    const cases = faultMatrix();
    assert.ok(DOC.includes(`| **${count(cases.length)}** |`), `total ${cases.length}`);
    for (const fault of TRANSIENT_FAULTS) {
      assert.equal(cases.filter((c) => matrixRow(c) === fault.label).length, 10);
    }
    assert.ok(DOC.includes(`| ${cases.filter((c) => matrixRow(c) === "sequences").length} |`), "sequence cases");
    assert.equal(FAULT_SEQUENCES.length, 4);
    assert.equal(DOC.match(/^\|[^|\n]+\| 10[ |]/gm)?.length, TRANSIENT_FAULTS.length, "one row of 10 cases per single fault");
    assert.ok(DOC.includes(`${count(cases.filter((c) => c.operation.launches === 1).length)})`), "launch total");
  });

  it("malformed bodies: the total and each class", () => {
    const cases = generateMalformedCases();
    assert.ok(DOC.includes(`**${count(cases.length)}** generated bodies`), `total ${cases.length}`);
    for (const cls of MALFORMED_CLASSES) {
      const n = cases.filter((c) => c.class === cls).length;
      assert.ok(DOC.includes(`${DOC_LABELS[cls]} (${count(n)})`), `${cls}: ${n}`);
    }
    assert.ok(DOC.includes(`${hostSample(cases).length} sampled bodies (up to ${HOST_SAMPLE_PER_CLASS} per class)`));
  });

  it("bad inputs and echo modes", () => {
    assert.ok(DOC.includes(`${INVALID_INPUTS.length} invalid \`ActivatedMailing\` inputs`));
    assert.ok(DOC.includes(`echoing the token in ${ECHO_REPLIES.length} ways`));
  });

  it("tells how to reproduce", () => {
    assert.ok(DOC.includes("npx mocha 'tests/reliability/**/*.test.ts'"));
  });
});
