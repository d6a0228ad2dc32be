import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { loadSeedFile } from "../../emulator";
import { loadMailingsFile } from "../../program/mailings-file";
import { REPO_ROOT } from "./support/emulatedStack";

const EXAMPLES = path.join(REPO_ROOT, "examples");

/** Every mailings file the READMEs run against the emulator. */
function mailingsFiles(): string[] {
  const inExamples = fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(EXAMPLES, d.name)).filter((f) => /^mailings(\.[\w-]+)?\.yaml$/.test(f)).map((f) => path.join(EXAMPLES, d.name, f)));
  return [path.join(REPO_ROOT, "mailings.yaml"), ...inExamples];
}

describe("examples/emulator-seed.json", () => {
  const seeded = new Set(loadSeedFile(path.join(EXAMPLES, "emulator-seed.json")).map((m) => m.id));

  it("holds every mailing the example mailings files declare, and each of those files is valid", () => {
    const files = mailingsFiles();
    assert.equal(files.length, 5, files.join(", "));
    for (const file of files) {
      for (const entry of loadMailingsFile(file).entries) {
        assert.ok(seeded.has(entry.inputs.mailingId), `${path.relative(REPO_ROOT, file)}: mailing ${entry.inputs.mailingId} is not in the seed`);
      }
    }
  });

  it("holds the ids in the multi-environment stack files and the READMEs' quickstart and launch ids", () => {
    for (const stack of ["staging", "production"]) {
      const file = parse(fs.readFileSync(path.join(EXAMPLES, "multi-environment", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, string> };
      for (const key of ["welcomeMailingId", "digestMailingId"]) {
        assert.ok(seeded.has(Number(file.config[`altcraft-multi-environment:${key}`])), `${stack} ${key}`);
      }
    }
    for (const id of [101, 310]) assert.ok(seeded.has(id));
  });
});
