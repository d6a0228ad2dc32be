/**
 * Stops the CLI emulator when whoever started it is gone (issue 12). `npm run emulator … &` then `kill $!` kills npm,
 * and npm's `sh -c` may die with it, but the node process below is not signalled: it is re-parented and keeps
 * serving. So the CLI watches the processes that launched it and stops when one of them ends.
 *
 * Which processes: the parent, and further up while the ancestor still runs inside the same npm script (its
 * environment has `npm_lifecycle_event`), up to and including the npm process that started the script. On Linux the
 * chain is read from /proc; elsewhere only the parent is watched (a change of `process.ppid` means it died).
 */
import { readFileSync } from "node:fs";

/** How often the watched processes are checked. */
export const PARENT_POLL_MS = 500;
/** Never walk further than this many ancestors. */
const MAX_DEPTH = 8;

interface ProcInfo {
  ppid: number;
  zombie: boolean;
}

function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), zombie: fields[0] === "Z" || fields[0] === "X" };
  } catch {
    return undefined;
  }
}

function runsNpmScript(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").some((entry) => entry.startsWith("npm_lifecycle_event="));
  } catch {
    return false;
  }
}

/** The pids to watch, nearest first. Never pid 1 (init or a container's reaper), which outlives everyone. */
export function launcherPids(selfUnderNpm = process.env["npm_lifecycle_event"] !== undefined): number[] {
  const pids: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && pids.length < MAX_DEPTH) {
    pids.push(pid);
    if (!selfUnderNpm || !runsNpmScript(pid)) break;
    const info = procInfo(pid);
    if (!info) break;
    pid = info.ppid;
  }
  return pids;
}

function alive(pid: number): boolean {
  const info = procInfo(pid);
  if (info) return !info.zombie;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Calls `onGone` once when the parent (or another watched launcher) has ended. Returns a function that stops
 * watching. The timer is unref'd, so watching never keeps the process alive by itself.
 */
export function watchLaunchers(onGone: () => void, pids = launcherPids(), intervalMs = PARENT_POLL_MS): () => void {
  const originalParent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== originalParent || !pids.every(alive)) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
