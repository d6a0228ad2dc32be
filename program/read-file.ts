import * as fs from "node:fs";

/** The largest mailings file read: 16 MiB, about 400,000 entries with comments. */
export const MAX_MAILINGS_FILE_BYTES = 16 * 1024 * 1024;

/** Why a file could not be read, in words for a problem. */
export class FileReadRefusal extends Error {
  constructor(
    message: string,
    /** The error code (`ENOENT`, ...) when the system gave one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "FileReadRefusal";
  }
}

/**
 * Reads a regular file of at most `maxBytes` as UTF-8. Anything else is refused at once: a FIFO would block the
 * program forever and `/dev/zero` would fill the memory. The file is opened non-blocking, so even opening a FIFO
 * with no writer returns, and the size is checked on the open descriptor, so a swap after the check is harmless.
 */
export function readRegularFile(absolutePath: string, maxBytes: number = MAX_MAILINGS_FILE_BYTES): string {
  let fd: number;
  try {
    fd = fs.openSync(absolutePath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileReadRefusal(code === "ENOENT" ? `not found at ${absolutePath}` : `cannot be read (${code ?? String(error)})`, code);
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw new FileReadRefusal(`${absolutePath} is ${kindOf(stats)}, not a regular file; point it at a YAML file`);
    if (stats.size > maxBytes) {
      throw new FileReadRefusal(`is ${stats.size} bytes, over the ${maxBytes}-byte limit (${maxBytes / 1024 / 1024} MiB) for a mailings file; split it per stack`);
    }
    // One byte more than expected: filling it means the file grew after fstat (past the limit, or at all).
    const capacity = Math.min(maxBytes, stats.size) + 1;
    const buffer = Buffer.alloc(capacity);
    let length = 0;
    for (let read = -1; read !== 0 && length < capacity; length += read) {
      read = fs.readSync(fd, buffer, length, capacity - length, null);
    }
    if (length === capacity) {
      throw new FileReadRefusal(length > maxBytes ? `grew past the ${maxBytes}-byte limit while being read` : "changed while being read; run again");
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

function kindOf(stats: fs.Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}
