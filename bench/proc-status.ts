import { readFileSync } from "node:fs";

/** Memory figures of a process from /proc/<pid>/status, in bytes. */
export interface ProcessMemory {
  /** VmHWM: the peak resident set size since the process started. */
  peakRssBytes: number;
  /** VmRSS: the resident set size now. */
  rssBytes: number;
}

/** Reads a process's peak and current RSS; undefined where /proc is unavailable (not Linux) or the process is gone. */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const peak = kilobytes(text, "VmHWM");
  const now = kilobytes(text, "VmRSS");
  return peak === undefined || now === undefined ? undefined : { peakRssBytes: peak * 1024, rssBytes: now * 1024 };
}

function kilobytes(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
