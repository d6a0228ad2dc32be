import * as os from "node:os";
import { Readable } from "node:stream";
import type { CliIo } from "../../cli/io";

/** A CliIo that records what the command writes, with a fixed clock. */
export interface RecordingIo extends CliIo {
  out(): string;
  err(): string;
}

/** Builds a {@link RecordingIo}; `stdin` is what `--token-file -` reads. */
export function recordingIo(options: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {}): RecordingIo {
  let out = "";
  let err = "";
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: options.env ?? {},
    cwd: options.cwd ?? os.tmpdir(),
    now: () => new Date("2026-11-26T09:30:00.000Z"),
    out: () => out,
    err: () => err,
  };
}
