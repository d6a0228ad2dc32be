/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `task` and returns how long it took, in milliseconds. */
export async function timeMs(task: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await task();
  return msSince(start);
}

/**
 * Times each task once, one after another, starting at a different task each round (`round` modulo their number),
 * so drift over the run and any "goes first" effect hit every contender alike. Times come back in task order; when
 * `cpuUs` is given, each task's CPU time in this process (user + system, µs) is added to its entry.
 */
export async function timeRound(round: number, tasks: readonly (() => Promise<unknown>)[], cpuUs?: number[]): Promise<number[]> {
  const times = new Array<number>(tasks.length).fill(0);
  for (let step = 0; step < tasks.length; step++) {
    const index = (round + step) % tasks.length;
    const task = tasks[index];
    if (!task) continue;
    const before = cpuUs ? process.cpuUsage() : undefined;
    times[index] = await timeMs(task);
    if (cpuUs && before) {
      const spent = process.cpuUsage(before);
      cpuUs[index] = (cpuUs[index] ?? 0) + spent.user + spent.system;
    }
  }
  return times;
}
