import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  formatProblem,
  loadMailingsFile,
  MailingsFileError,
  MAX_MAILINGS_FILE_BYTES,
  MAX_PROBLEMS_SHOWN,
  parseMailingsYaml,
  validateMailingsYaml,
} from "../../program/mailings-file";

const FILE = "mailings.yaml";
const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;
const problemsOf = (text: string) => validateMailingsYaml(text, FILE).problems.map(formatProblem);

/** A classic "billion laughs" document: each anchor refers nine times to the one before. */
function aliasBomb(levels: number): string {
  const lines = ["mailings:", "  bomb:", "    mailingId: 1", "    runNow: true", "    triggers:"];
  lines.push("      - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
  for (let i = 1; i <= levels; i++) lines.push(`      - &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(", ")}]`);
  return yaml(...lines);
}

describe("mailings file loader: hostile and large files", () => {
  it("reports an alias bomb with the file, line, entry and field instead of a raw ReferenceError", () => {
    const problems = problemsOf(aliasBomb(9));
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0] ?? "", /^mailings\.yaml:5:5: entry "bomb", field "triggers": expands YAML aliases too many times .*alias bomb/);
  });

  it("lists at most 50 problems in the error, then how many more there are", () => {
    const lines = ["mailings:"];
    for (let i = 1; i <= 30_000; i++) lines.push(`  m${i}:`, "    mailingId: x");
    let thrown: unknown;
    try {
      parseMailingsYaml(`${lines.join("\n")}\n`, FILE);
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof MailingsFileError);
    assert.equal(thrown.problems.length, 30_000, "every problem stays available to callers");
    const listed = thrown.message.split("\n").filter((line) => line.startsWith("  - "));
    assert.equal(listed.length, MAX_PROBLEMS_SHOWN);
    assert.match(thrown.message, /\n  … and 29950 more problems \(the first 50 are listed; fix them and run again\)$/);
    assert.ok(thrown.message.length < 20_000, `message is ${thrown.message.length} characters`);
  });

  it("finds duplicate keys in linear time: 100,000 entries with one repeat validate in seconds, and the repeat is named", function () {
    this.timeout(120_000);
    const lines = ["mailings:"];
    for (let i = 1; i <= 100_000; i++) lines.push(`  mailing-${i}:`, `    mailingId: ${i}`);
    lines.push("  mailing-7:", "    mailingId: 100001");
    const started = process.hrtime.bigint();
    const problems = problemsOf(`${lines.join("\n")}\n`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.deepEqual(problems, [`${FILE}:200002:3: entry "mailing-7": is defined twice (first at line 14); each key names one resource`]);
    // The quadratic check took minutes here; the bound leaves room for a busy shared machine (the bench times it).
    assert.ok(seconds < 30, `took ${seconds.toFixed(1)} s`);
  });

  describe("integers beyond 2^53", () => {
    const cases: { name: string; entry: string[]; field: string; line: number }[] = [
      { name: "in content", entry: ["    runNow: true", "    content: { orderId: 12345678901234567890 }"], field: "content.orderId", line: 5 },
      { name: "as a negative content value", entry: ["    runNow: true", "    content:", "      delta: -9007199254740993"], field: "content.delta", line: 6 },
      { name: "as mailingId", entry: [], field: "mailingId", line: 3 },
      { name: "as overrideLimit", entry: ["    runNow: true", "    overrideLimit: 9007199254740992"], field: "overrideLimit", line: 5 },
      { name: "inside an attach item", entry: ["    runNow: true", "    attach: [{ file: a, size: 99999999999999999999 }]"], field: "attach[0].size", line: 5 },
      { name: "in triggers", entry: ["    runNow: true", "    triggers: [1e21]"], field: "triggers[0]", line: 5 },
    ];
    for (const testCase of cases) {
      it(`are refused ${testCase.name}, naming the field and not rounding`, () => {
        const id = testCase.name === "as mailingId" ? "90071992547409930" : "1";
        const problems = problemsOf(yaml("mailings:", "  big:", `    mailingId: ${id}`, ...testCase.entry));
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.match(problems[0] ?? "", new RegExp(`^mailings\\.yaml:${testCase.line}:\\d+: entry "big", field "${testCase.field.replace(/[[\].]/g, "\\$&")}": the number \\S+ is beyond 2\\^53 - 1 \\(9007199254740991\\)`));
      });
    }

    it("keeps the exact digits in the message and accepts the largest safe integer", () => {
      const [problem] = problemsOf(yaml("mailings:", "  big:", "    mailingId: 1", "    runNow: true", "    content: { id: 12345678901234567890 }"));
      assert.match(problem ?? "", /the number 12345678901234567890 is beyond/);
      const { entries } = parseMailingsYaml(yaml("mailings:", "  ok:", "    mailingId: 9007199254740991", "    runNow: true", "    content: { id: -9007199254740991 }"), FILE);
      assert.equal(entries[0]?.inputs.mailingId, Number.MAX_SAFE_INTEGER);
      assert.deepEqual(entries[0]?.inputs.content, { id: -Number.MAX_SAFE_INTEGER });
    });
  });

  describe("merge keys and top-level anchors", () => {
    it("refuses a merge key with a message that says they are not supported and what to do instead", () => {
      const problems = problemsOf(yaml("mailings:", "  base: &base", "    mailingId: 1", "  copy:", "    <<: *base", "    mailingId: 2"));
      assert.deepEqual(problems, [
        `${FILE}:5:5: YAML merge keys (\`<<: *anchor\`) are not supported: this file is read as YAML 1.2, which has none, so the fields would not be merged; write the fields out in each entry; to share a value, put the anchor where it is first used (\`content: &shared {brand: Acme}\`) and refer to it later (\`content: *shared\`)`,
      ]);
    });

    it("refuses a top-level key that only holds an anchor, saying anchors go on first use", () => {
      const problems = problemsOf(yaml("shared: &s { brand: Acme }", "mailings:", "  a:", "    mailingId: 1", "    runNow: true", "    content: *s"));
      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? "", /^mailings\.yaml:1:1: unknown top-level key "shared"; allowed: mailings \(entries go under it\); top-level keys cannot hold YAML anchors either: to share a value, put the anchor where it is first used/);
    });
  });

  describe("only regular files, at most 16 MiB", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailings-files-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const refusal = (file: string, options: { maxBytes?: number } = {}): string => {
      try {
        loadMailingsFile(file, { baseDir: dir, ...options });
      } catch (error) {
        assert.ok(error instanceof MailingsFileError, String(error));
        return error.message;
      }
      assert.fail("the file was accepted");
    };

    it("refuses a FIFO at once instead of waiting for a writer", () => {
      const fifo = path.join(dir, "pipe.yaml");
      execFileSync("mkfifo", [fifo]);
      const started = Date.now();
      assert.match(refusal("pipe.yaml"), new RegExp(`pipe\\.yaml: ${fifo.replace(/[.]/g, "\\.")} is a FIFO \\(named pipe\\), not a regular file`));
      assert.ok(Date.now() - started < 2_000);
    });

    it("refuses /dev/zero without reading it", () => {
      assert.match(refusal("/dev/zero"), /\/dev\/zero: \/dev\/zero is a character device, not a regular file/);
    });

    it("refuses a directory", () => {
      assert.match(refusal("."), /is a directory, not a regular file/);
    });

    it("refuses a file over the size cap before parsing it", () => {
      assert.equal(MAX_MAILINGS_FILE_BYTES, 16 * 1024 * 1024);
      fs.writeFileSync(path.join(dir, "big.yaml"), `mailings:\n${"#".repeat(2000)}\n`);
      assert.match(refusal("big.yaml", { maxBytes: 1000 }), /big\.yaml: is 2011 bytes, over the 1000-byte limit/);
      fs.writeFileSync(path.join(dir, "huge.yaml"), "");
      fs.truncateSync(path.join(dir, "huge.yaml"), MAX_MAILINGS_FILE_BYTES + 1);
      assert.match(refusal("huge.yaml"), /huge\.yaml: is 16777217 bytes, over the 16777216-byte limit \(16 MiB\)/);
    });

    it("reads a symlink to a regular file", () => {
      fs.writeFileSync(path.join(dir, "real.yaml"), yaml("mailings:", "  a:", "    mailingId: 4"));
      fs.symlinkSync(path.join(dir, "real.yaml"), path.join(dir, "link.yaml"));
      assert.deepEqual(loadMailingsFile("link.yaml", { baseDir: dir }).entries.map((e) => e.inputs.mailingId), [4]);
    });
  });
});
