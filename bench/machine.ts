import * as os from "node:os";
import type { MachineInfo } from "./types";
import { round } from "./stats";

/** The machine the numbers come from: cores, CPU model, memory, Node version, OS and load at the start. */
export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryBytes: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAverageAtStart: loadAverage(),
    loadAverageAtEnd: Number.NaN,
  };
}

/** The 1-minute load average (0 on Windows, which does not report it). */
export function loadAverage(): number {
  return round(os.loadavg()[0] ?? 0, 2);
}
