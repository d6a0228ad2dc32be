/**
 * Entry of the loader measurement's own process (see loader.ts): loads the program's modules, then times one
 * `loadMailingsFile` of the file named in argv[2] and prints `{ ms, entries }` or `{ error }` as one JSON line.
 * A process of its own, so a slow loader can be stopped at the time limit and its heap never weighs on the bench.
 */
import { loadMailingsFile } from "../program/mailings-file";

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error("usage: loader-child.ts <mailings file>");
  const began = process.hrtime.bigint();
  try {
    const loaded = loadMailingsFile(file, { baseDir: process.cwd() });
    const ms = Number(process.hrtime.bigint() - began) / 1e6;
    process.stdout.write(`${JSON.stringify({ ms, entries: loaded.entries.length })}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`${JSON.stringify({ error: message.slice(0, 300) })}\n`);
  }
}

main();
