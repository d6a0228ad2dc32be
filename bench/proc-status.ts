import { readFileSync } from "node:fs";

/* A process's memory and CPU figures from /proc (Linux); every reader returns undefined elsewhere. */

/** Memory figures of a process from /proc/<pid>/status, in bytes. */
export interface ProcessMemory {
  /** VmHWM: the peak resident set size since the process started. */
  peakRssBytes: number;
  /** VmRSS: the resident set size now. */
  rssBytes: number;
}

/** Reads a process's peak and current RSS; undefined where /proc is unavailable (not Linux) or the process is gone. */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  const text = readProcFile(pid, "status");
  if (text === undefined) return undefined;
  const peak = kilobytes(text, "VmHWM");
  const now = kilobytes(text, "VmRSS");
  return peak === undefined || now === undefined ? undefined : { peakRssBytes: peak * 1024, rssBytes: now * 1024 };
}

function kilobytes(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream kernel build). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time a process has used, in ms; undefined where /proc is unavailable or the process is gone. */
export function processCpuMs(pid: number): number | undefined {
  const text = readProcFile(pid, "stat");
  if (text === undefined) return undefined;
  // The command name (field 2) may hold spaces, so fields are counted from its closing parenthesis.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / TICKS_PER_SECOND : undefined;
}

function readProcFile(pid: number, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, "utf8");
  } catch {
    return undefined;
  }
}
