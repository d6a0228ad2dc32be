import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  formatProblem,
  loadMailingsFile,
  MailingsFileError,
  parseMailingsYaml,
  validateMailingsYaml,
} from "../../program/mailings-file";

const FILE = "mailings.yaml";
const ALLOWED = "mailingId, runNow, overrideSourceType, overrideSourceId, overrideLimit, content, attach, abortIfRunning, triggers, onManualPause, protect, retainOnDelete, aliases";

/** The problems of a file, formatted as the program prints them. */
function problemsOf(text: string): string[] {
  const { entries, problems } = validateMailingsYaml(text, FILE);
  if (problems.length > 0) assert.deepEqual(entries, [], "no entry is returned from a file with problems");
  return problems.map(formatProblem);
}

const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("mailings file loader", () => {
  describe("a good file", () => {
    it("becomes one declaration per entry, in file order, with the inputs as written", () => {
      const text = yaml(
        "# comment",
        "mailings:",
        "  welcome-series:",
        "    mailingId: 101",
        "  spring_sale.2026:",
        "    mailingId: 205",
        "    runNow: true",
        "    overrideSourceType: segment",
        "    overrideSourceId: 12",
        "    overrideLimit: 5000",
        "    content:",
        "      promoCode: SPRING",
        "      discount: 15",
        "      vip: false",
        "    attach: [{ file: f3a1 }]",
        "    abortIfRunning: true",
        "    triggers: [\"2026-03-01\"]",
      );
      assert.deepEqual(parseMailingsYaml(text, FILE), {
        file: FILE,
        entries: [
          { name: "welcome-series", line: 3, inputs: { mailingId: 101 } },
          {
            name: "spring_sale.2026",
            line: 5,
            inputs: {
              mailingId: 205,
              runNow: true,
              overrideSourceType: "segment",
              overrideSourceId: 12,
              overrideLimit: 5000,
              content: { promoCode: "SPRING", discount: 15, vip: false },
              attach: [{ file: "f3a1" }],
              abortIfRunning: true,
              triggers: ["2026-03-01"],
            },
          },
        ],
      });
    });

    it("resolves aliases, so shared content can be written once", () => {
      const text = yaml(
        "mailings:",
        "  a:",
        "    mailingId: 1",
        "    runNow: true",
        "    content: &shared { brand: Acme }",
        "  b:",
        "    mailingId: 2",
        "    runNow: true",
        "    content: *shared",
      );
      const { entries } = parseMailingsYaml(text, FILE);
      assert.deepEqual(entries.map((e) => e.inputs.content), [{ brand: "Acme" }, { brand: "Acme" }]);
    });

    it("declares nothing for `mailings:` left empty or `{}` (every mailing is then deactivated)", () => {
      assert.deepEqual(parseMailingsYaml("mailings:\n", FILE).entries, []);
      assert.deepEqual(parseMailingsYaml("mailings: {}\n", FILE).entries, []);
    });

    it("accepts the repository's sample mailings.yaml", () => {
      const sample = loadMailingsFile(path.join(__dirname, "..", "..", "mailings.yaml"));
      assert.ok(sample.entries.length >= 2);
      assert.ok(sample.entries.every((e) => e.inputs.runNow === undefined), "the sample launches nothing");
    });
  });

  describe("file-level problems", () => {
    const cases: { name: string; text: string; problems: string[] }[] = [
      {
        name: "an empty file",
        text: "",
        problems: [`${FILE}: is empty; declare the mailings under a top-level \`mailings:\` map, e.g. \`mailings: {welcome-series: {mailingId: 101}}\` (format: docs/examples.md)`],
      },
      {
        name: "a file with only comments",
        text: "# nothing yet\n",
        problems: [`${FILE}: is empty; declare the mailings under a top-level \`mailings:\` map, e.g. \`mailings: {welcome-series: {mailingId: 101}}\` (format: docs/examples.md)`],
      },
      {
        name: "a top level that is a list",
        text: yaml("- mailingId: 1", "- mailingId: 2"),
        problems: [`${FILE}:1:1: the top level must be a map with a \`mailings:\` key, got a list; e.g. \`mailings: {welcome-series: {mailingId: 101}}\` (format: docs/examples.md)`],
      },
      {
        name: "a top level that is a scalar",
        text: "101\n",
        problems: [`${FILE}:1:1: the top level must be a map with a \`mailings:\` key, got number 101; e.g. \`mailings: {welcome-series: {mailingId: 101}}\` (format: docs/examples.md)`],
      },
      {
        name: "entries written without the `mailings:` key",
        text: yaml("welcome:", "  mailingId: 1", "digest:", "  mailingId: 2"),
        problems: [`${FILE}:1:1: has no top-level \`mailings:\` key (found "welcome", "digest"); entries go under it, e.g. \`mailings: {welcome-series: {mailingId: 101}}\` (format: docs/examples.md)`],
      },
      {
        name: "an unknown top-level key next to `mailings:`",
        text: yaml("mailings:", "  a:", "    mailingId: 1", "defaults:", "  runNow: true"),
        problems: [`${FILE}:4:1: unknown top-level key "defaults"; allowed: mailings (entries go under it)`],
      },
      {
        name: "`mailings:` twice",
        text: yaml("mailings:", "  a:", "    mailingId: 1", "mailings:", "  b:", "    mailingId: 2"),
        problems: [`${FILE}:4:1: \`mailings:\` appears twice (first at line 1); keep one`],
      },
      {
        name: "`mailings:` holding a list",
        text: yaml("mailings:", "  - mailingId: 1"),
        problems: [`${FILE}:2:3: field "mailings": must be a map of entries (a map keyed by resource name, not a list), got a list; e.g. \`mailings: {welcome-series: {mailingId: 101}}\` (format: docs/examples.md)`],
      },
      {
        name: "a YAML syntax error",
        text: yaml("mailings:", "  a: { mailingId: 1", "  b:", "    mailingId: 2"),
        problems: [`${FILE}:3:3: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }`],
      },
      {
        name: "two YAML documents",
        text: yaml("mailings: {}", "---", "mailings: {}"),
        problems: [`${FILE}:2:1: holds more than one YAML document (a \`---\` line); keep all mailings in one document`],
      },
    ];
    for (const testCase of cases) {
      it(`refuses ${testCase.name}`, () => {
        assert.deepEqual(problemsOf(testCase.text), testCase.problems);
      });
    }
  });

  describe("entry problems", () => {
    const cases: { name: string; entry: string[]; problems: string[] }[] = [
      {
        name: "a missing mailingId",
        entry: ["  welcome:", "    runNow: false"],
        problems: [`${FILE}:2:3: entry "welcome", field "mailingId": required: the id of the mailing to keep active (a positive integer)`],
      },
      {
        name: "an entry with no fields",
        entry: ["  welcome:"],
        problems: [`${FILE}:2:3: entry "welcome": has no fields; it needs at least \`mailingId: <id>\``],
      },
      {
        name: "an entry that is a bare id",
        entry: ["  welcome: 101"],
        problems: [`${FILE}:2:12: entry "welcome": must be a map of inputs such as \`mailingId: 101\`, got number 101`],
      },
      {
        name: "a mailingId written as a string",
        entry: ["  welcome:", '    mailingId: "101"'],
        problems: [`${FILE}:3:5: entry "welcome", field "mailingId": must be a positive integer, got a string (3 characters)`],
      },
      {
        name: "a negative mailingId",
        entry: ["  welcome:", "    mailingId: -4"],
        problems: [`${FILE}:3:5: entry "welcome", field "mailingId": must be a positive integer, got zero or a negative number`],
      },
      {
        name: "runNow written as yes",
        entry: ["  welcome:", "    mailingId: 1", "    runNow: yes"],
        problems: [`${FILE}:4:5: entry "welcome", field "runNow": must be true or false, got a string (3 characters)`],
      },
      {
        name: "a field with no value",
        entry: ["  welcome:", "    mailingId: 1", "    overrideLimit:"],
        problems: [`${FILE}:4:5: entry "welcome", field "overrideLimit": has no value; give it one or remove the line`],
      },
      {
        name: "an unknown field, with the closest allowed name",
        entry: ["  welcome:", "    mailingId: 1", "    runnow: true"],
        problems: [`${FILE}:4:5: entry "welcome", field "runnow": unknown field (did you mean "runNow"?); allowed: ${ALLOWED}`],
      },
      {
        name: "an unknown field with nothing close",
        entry: ["  welcome:", "    mailingId: 1", "    schedule: daily"],
        problems: [`${FILE}:4:5: entry "welcome", field "schedule": unknown field; allowed: ${ALLOWED}`],
      },
      {
        name: "a token in the file, without repeating it",
        entry: ["  welcome:", "    mailingId: 1", "    token: tok-5b1e-do-not-echo"],
        problems: [
          `${FILE}:4:5: entry "welcome", field "token": the API token does not belong in this file (it would be committed and stored in state); set it with \`pulumi config set --secret altcraft:token <token>\` or the ALTCRAFT_TOKEN environment variable`,
        ],
      },
      {
        name: "a field written twice",
        entry: ["  welcome:", "    mailingId: 1", "    mailingId: 2"],
        problems: [`${FILE}:4:5: entry "welcome", field "mailingId": appears twice (first at line 3); keep one`],
      },
      {
        name: "a repeated key inside content",
        entry: ["  welcome:", "    mailingId: 1", "    runNow: true", "    content:", "      code: A", "      code: B"],
        problems: [`${FILE}:7:7: entry "welcome", field "content": repeats a key already used in the same map; YAML keys must be unique`],
      },
      {
        name: "a content value that is a map",
        entry: ["  welcome:", "    mailingId: 1", "    runNow: true", "    content:", "      hero: { title: Hi }"],
        problems: [`${FILE}:6:7: entry "welcome", field "content.hero": must be a string, number or boolean, got an object`],
      },
      {
        name: "an attach item that is not a file object",
        entry: ["  welcome:", "    mailingId: 1", "    runNow: true", "    attach:", "      - report.pdf"],
        problems: [`${FILE}:6:9: entry "welcome", field "attach[0]": must be a file object, got a string (10 characters)`],
      },
      {
        name: "an override without runNow",
        entry: ["  welcome:", "    mailingId: 1", "    overrideLimit: 100"],
        problems: [`${FILE}:4:5: entry "welcome", field "overrideLimit": applies only to a run: set runNow: true, or remove it (the API ignores overrides without run_now)`],
      },
      {
        name: "a source id without its type",
        entry: ["  welcome:", "    mailingId: 1", "    runNow: true", "    overrideSourceId: 7"],
        problems: [`${FILE}:2:3: entry "welcome", field "overrideSourceType": required together with overrideSourceId: set both to redirect the run's audience, or neither`],
      },
      {
        name: "triggers that are not a list",
        entry: ["  welcome:", "    mailingId: 1", "    triggers: v2"],
        problems: [`${FILE}:4:5: entry "welcome", field "triggers": must be a list (any change to it launches a new run), got a string (2 characters)`],
      },
      {
        name: "an entry key that is a number",
        entry: ["  101:", "    mailingId: 101"],
        problems: [`${FILE}:2:3: entry key 101 is not a resource name; use letters, digits, '-', '_' and '.', starting with a letter or digit (the mailing's id goes in \`mailingId\`)`],
      },
      {
        name: "an entry key with spaces",
        entry: ["  welcome series:", "    mailingId: 101"],
        problems: [`${FILE}:2:3: entry key "welcome series" is not a resource name; use letters, digits, '-', '_' and '.', starting with a letter or digit (the mailing's id goes in \`mailingId\`)`],
      },
      {
        name: "a duplicate entry key",
        entry: ["  welcome:", "    mailingId: 1", "  welcome:", "    mailingId: 2"],
        problems: [`${FILE}:4:3: entry "welcome": is defined twice (first at line 2); each key names one resource`],
      },
      {
        name: "two entries for the same mailing",
        entry: ["  welcome:", "    mailingId: 7", "  welcome-again:", "    mailingId: 7", "    runNow: true"],
        problems: [`${FILE}:5:5: entry "welcome-again", field "mailingId": mailing 7 is already declared by entry "welcome" (line 2); one mailing can have only one desired state`],
      },
    ];
    for (const testCase of cases) {
      it(`refuses ${testCase.name}`, () => {
        assert.deepEqual(problemsOf(yaml("mailings:", ...testCase.entry)), testCase.problems);
      });
    }

    it("reports every problem of the file at once, in file order", () => {
      const text = yaml(
        "mailings:",
        "  welcome:",
        '    mailingId: "1"',
        "    runnow: true",
        "  digest:",
        "    mailingId: 2",
        "    overrideLimit: ten",
        "  digest-copy:",
        "    mailingId: 2",
        "    abortIfRunning: true",
        "    abortIfRunning: false",
      );
      assert.deepEqual(problemsOf(text), [
        `${FILE}:3:5: entry "welcome", field "mailingId": must be a positive integer, got a string (1 characters)`,
        `${FILE}:4:5: entry "welcome", field "runnow": unknown field (did you mean "runNow"?); allowed: ${ALLOWED}`,
        `${FILE}:7:5: entry "digest", field "overrideLimit": must be a positive integer, got a string (3 characters)`,
        `${FILE}:7:5: entry "digest", field "overrideLimit": applies only to a run: set runNow: true, or remove it (the API ignores overrides without run_now)`,
        `${FILE}:9:5: entry "digest-copy", field "mailingId": mailing 2 is already declared by entry "digest" (line 5); one mailing can have only one desired state`,
        `${FILE}:11:5: entry "digest-copy", field "abortIfRunning": appears twice (first at line 10); keep one`,
      ]);
    });
  });

  describe("MailingsFileError", () => {
    it("is thrown by parseMailingsYaml with every problem, and is a Pulumi RunError (printed without a stack)", () => {
      const text = yaml("mailings:", "  a:", "    runNow: true", "  b:", "    mailingId: 0");
      let thrown: unknown;
      try {
        parseMailingsYaml(text, "team/mailings.yaml");
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown instanceof MailingsFileError);
      assert.equal((thrown as unknown as { __pulumiRunError?: boolean }).__pulumiRunError, true);
      assert.equal(thrown.file, "team/mailings.yaml");
      assert.equal(thrown.problems.length, 2);
      assert.equal(
        thrown.message,
        [
          "team/mailings.yaml: 2 problems; no mailing was declared, so nothing was sent to Altcraft:",
          '  - team/mailings.yaml:2:3: entry "a", field "mailingId": required: the id of the mailing to keep active (a positive integer)',
          '  - team/mailings.yaml:5:5: entry "b", field "mailingId": must be a positive integer, got zero or a negative number',
        ].join("\n"),
      );
    });
  });

  describe("loadMailingsFile", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailings-loader-"));
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("resolves a relative path against baseDir and names the file as given", () => {
      fs.mkdirSync(path.join(dir, "env"), { recursive: true });
      fs.writeFileSync(path.join(dir, "env", "staging.yaml"), yaml("mailings:", "  a:", "    mailingId: 3"));
      const loaded = loadMailingsFile("env/staging.yaml", { baseDir: dir });
      assert.deepEqual(loaded, { file: "env/staging.yaml", entries: [{ name: "a", line: 2, inputs: { mailingId: 3 } }] });
    });

    it("reports a missing file with where it looked and the caller's hint", () => {
      assert.throws(
        () => loadMailingsFile("missing.yaml", { baseDir: dir, notFoundHint: "set altcraft:mailingsFile" }),
        (error: unknown) =>
          error instanceof MailingsFileError &&
          error.problems.length === 1 &&
          error.problems[0]?.message === `not found at ${path.join(dir, "missing.yaml")}; set altcraft:mailingsFile`,
      );
    });

    it("names problems with the path as given", () => {
      fs.writeFileSync(path.join(dir, "bad.yaml"), yaml("mailings:", "  a:", "    mailingId: x"));
      assert.throws(
        () => loadMailingsFile("bad.yaml", { baseDir: dir }),
        (error: unknown) => error instanceof MailingsFileError && error.message.includes('bad.yaml:3:5: entry "a", field "mailingId"'),
      );
    });
  });
});
