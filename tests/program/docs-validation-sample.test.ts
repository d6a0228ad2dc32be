import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseMailingsYaml } from "../../program/mailings-file";

const EXAMPLES_DOC = path.resolve(__dirname, "..", "..", "docs", "examples.md");

/** A file with the three problems docs/examples.md shows, on the lines and columns it names. */
const SAMPLE_FILE = [
  "mailings:",
  "  welcome:",
  '    mailingId: "101"',
  "    runnow: true",
  "  digest:",
  "    mailingId: 205",
  "  digest-copy:",
  "    runNow: false",
  "    mailingId: 205",
  "",
].join("\n");

/** The fenced block under "### Validation" that starts with `error:`. */
function documentedSample(): string {
  const page = fs.readFileSync(EXAMPLES_DOC, "utf8");
  const section = page.slice(page.indexOf("### Validation"));
  const block = /```\n(error: [\s\S]*?)\n```/.exec(section);
  assert.ok(block?.[1], "docs/examples.md shows a validation error under ### Validation");
  return block[1];
}

describe("docs/examples.md: the validation sample", () => {
  it("is what the loader prints for such a file, word for word", () => {
    let message = "";
    try {
      parseMailingsYaml(SAMPLE_FILE, "mailings.yaml");
    } catch (error) {
      message = (error as Error).message;
    }
    assert.equal(`error: ${message}`, documentedSample());
  });
});
