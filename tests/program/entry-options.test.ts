import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { entryOptions } from "../../program/declare";
import { formatProblem, parseMailingsYaml, validateMailingsYaml } from "../../program/mailings-file";
import { LANGUAGE_RUNTIME, startFakeEngine } from "./support/fake-engine";

const FILE = "mailings.yaml";
const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;
const problemsOf = (text: string) => validateMailingsYaml(text, FILE).problems.map(formatProblem);

describe("entry fields protect, retainOnDelete, aliases and onManualPause", () => {
  it("are read into the entry: options apart from inputs, onManualPause as an input", () => {
    const { entries } = parseMailingsYaml(
      yaml(
        "mailings:",
        "  digest:",
        "    mailingId: 205",
        "    protect: true",
        "    retainOnDelete: false",
        "    aliases: [weekly-digest, digest-old]",
        "    onManualPause: resume",
        "  plain:",
        "    mailingId: 206",
      ),
      FILE,
    );
    assert.deepEqual(entries, [
      { name: "digest", line: 2, inputs: { mailingId: 205, onManualPause: "resume" }, options: { protect: true, retainOnDelete: false, aliases: ["weekly-digest", "digest-old"] } },
      { name: "plain", line: 8, inputs: { mailingId: 206 } },
    ]);
  });

  const cases: { name: string; entry: string[]; problems: string[] }[] = [
    { name: "protect that is not a boolean", entry: ["    protect: yes"], problems: [`${FILE}:4:5: entry "a", field "protect": must be true or false, got the string "yes"`] },
    { name: "retainOnDelete that is not a boolean", entry: ["    retainOnDelete: 1"], problems: [`${FILE}:4:5: entry "a", field "retainOnDelete": must be true or false, got number 1`] },
    { name: "aliases that are not a list", entry: ["    aliases: old-a"], problems: [`${FILE}:4:5: entry "a", field "aliases": must be a list of former entry names, e.g. [old-name], got the string "old-a"`] },
    {
      name: "an alias that is not an entry name",
      entry: ["    aliases: [ok-name, 'bad name', 7]"],
      problems: [
        `${FILE}:4:24: entry "a", field "aliases[1]": must be a former entry name (letters, digits, '-', '_' and '.', starting with a letter or digit), got the string "bad name"`,
        `${FILE}:4:36: entry "a", field "aliases[2]": must be a former entry name (letters, digits, '-', '_' and '.', starting with a letter or digit), got number 7`,
      ],
    },
    { name: "an alias equal to the entry's own name", entry: ["    aliases: [a]"], problems: [`${FILE}:4:15: entry "a", field "aliases[0]": is this entry's own name; list only the names it had before`] },
    { name: "an alias listed twice in one entry", entry: ["    aliases: [old, old]"], problems: [`${FILE}:4:20: entry "a", field "aliases[1]": lists "old" twice; keep one`] },
    {
      name: "an alias that names another current entry",
      entry: ["    aliases: [b]", "  b:", "    mailingId: 2"],
      problems: [`${FILE}:4:15: entry "a", field "aliases": "b" is the name of an entry in this file (line 5); aliases list former names that no entry has any more`],
    },
    {
      name: "one former name claimed by two entries",
      entry: ["    aliases: [old]", "  b:", "    mailingId: 2", "    aliases: [old]"],
      problems: [`${FILE}:7:15: entry "b", field "aliases": "old" is already an alias of entry "a" (line 4); a former name can become only one entry`],
    },
    { name: "an unknown onManualPause rule", entry: ["    onManualPause: ignore"], problems: [`${FILE}:4:5: entry "a", field "onManualPause": must be one of "keep", "resume", "fail", got a string (6 characters)`] },
    { name: "declaredBy, which the resource fills in itself", entry: ["    declaredBy: x/y/z"], problems: [] },
  ];
  for (const testCase of cases) {
    it(`refuses ${testCase.name}`, () => {
      const problems = problemsOf(yaml("mailings:", "  a:", "    mailingId: 1", ...testCase.entry));
      if (testCase.problems.length === 0) {
        assert.equal(problems.length, 1);
        assert.match(problems[0] ?? "", /field "declaredBy": unknown field; allowed: .*onManualPause, protect, retainOnDelete, aliases$/);
      } else {
        assert.deepEqual(problems, testCase.problems);
      }
    });
  }

  it("entryOptions: the entry's protect and retainOnDelete win, its aliases add to the shared ones", () => {
    const entry = { name: "a", line: 1, inputs: { mailingId: 1 }, options: { protect: false, retainOnDelete: true, aliases: ["old-a"] } };
    assert.deepEqual(entryOptions(entry, { protect: true, aliases: [{ name: "older-a" }] }), {
      protect: false,
      retainOnDelete: true,
      aliases: [{ name: "older-a" }, { name: "old-a" }],
    });
    const shared = { protect: true };
    assert.equal(entryOptions({ name: "b", line: 1, inputs: { mailingId: 2 } }, shared), shared, "an entry without options keeps the shared ones");
  });

  it("reach Pulumi from the root program: protect, retainOnDelete and alias URNs on the registration, onManualPause as an input", async function () {
    this.timeout(150_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entry-options-"));
    const file = path.join(dir, "mailings.yaml");
    fs.writeFileSync(file, yaml("mailings:", "  digest:", "    mailingId: 205", "    protect: true", "    retainOnDelete: true", "    aliases: [weekly-digest]", "    onManualPause: fail", "  plain:", "    mailingId: 206"));
    const engine = await startFakeEngine();
    try {
      const programDir = path.join(__dirname, "..", "..", "program");
      const child = spawn(
        process.execPath,
        [LANGUAGE_RUNTIME, `--monitor=${engine.address}`, `--engine=${engine.address}`, "--project=altcraft-mailings", "--stack=dev", `--pwd=${programDir}`, programDir],
        {
          cwd: programDir,
          env: { ...process.env, PULUMI_CONFIG: JSON.stringify({ "altcraft:mailingsFile": file }), PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
          stdio: "ignore",
        },
      );
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      clearTimeout(timer);
      assert.equal(code, 0, engine.logs.filter((l) => !l.startsWith("debug")).join("\n"));
      const mailing = (name: string) => engine.requests.find((r) => r.getName() === name && r.getType().endsWith("ActivatedMailing"));
      const digest = mailing("digest");
      const plain = mailing("plain");
      assert.ok(digest && plain);
      assert.equal(digest.getProtect(), true);
      assert.equal(digest.getRetainondelete(), true);
      assert.deepEqual(digest.getAliasurnsList(), ["urn:pulumi:dev::altcraft-mailings::pulumi-nodejs:dynamic/altcraft:ActivatedMailing::weekly-digest"]);
      assert.equal(digest.getObject()?.toJavaScript().onManualPause, "fail");
      assert.equal(plain.hasProtect() && plain.getProtect() === true, false);
      assert.equal(plain.getRetainondelete() === true, false);
      assert.deepEqual(plain.getAliasurnsList(), []);
    } finally {
      engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
