/** The demo's mailings: the emulator seed made from the root program's mailings.yaml, and the demo's edit of a copy. */
import * as fs from "node:fs";
import { parseDocument } from "yaml";
import { loadSeedFile, type SeedMailing } from "../../emulator";
import { loadMailingsFile, type MailingEntry } from "../../program/mailings-file";

/**
 * One inactive emulator mailing per entry of the mailings file, named and typed as in `exampleSeedFile` when that
 * file knows the id (so the provider's reviewer lines show real-looking names).
 */
export function seedFromMailingsFile(mailingsFile: string, exampleSeedFile: string): { entries: MailingEntry[]; seed: SeedMailing[] } {
  const entries = loadMailingsFile(mailingsFile).entries;
  const known = new Map(loadSeedFile(exampleSeedFile).map((m) => [m.id, m]));
  const seed = entries.map((entry): SeedMailing => {
    const example = known.get(entry.inputs.mailingId);
    return { id: entry.inputs.mailingId, name: example?.name ?? entry.name, type: example?.type ?? "regular", isActive: false };
  });
  return { entries, seed };
}

/** Removes entry `name` from the mailings file at `file`, keeping the rest of the text and its comments. */
export function removeEntry(file: string, name: string): void {
  const document = parseDocument(fs.readFileSync(file, "utf8"));
  if (!document.hasIn(["mailings", name])) throw new Error(`${file}: no entry "${name}" under mailings`);
  document.deleteIn(["mailings", name]);
  fs.writeFileSync(file, document.toString());
}
