/** Starts the emulator in its own Node.js process (emulator-process.ts) and talks to it over IPC. */
import { fork } from "node:child_process";
import * as path from "node:path";
import type { EmulatorOptions, SeedMailing } from "../emulator";
import type { BodySample, ChildQuestion, ChildReply } from "./emulator-protocol";
import type { WireRecord } from "./wire-log";

const ENTRY = path.join(__dirname, "emulator-process.ts");
const REPO_ROOT = path.resolve(__dirname, "..");
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** The options that cross the process boundary (plain data: no clock or random function). */
export type ChildEmulatorOptions = Pick<EmulatorOptions, "tokens" | "mailings" | "latencyMs" | "rateLimit">;

/** An emulator running in another process. */
export interface EmulatorChild {
  url: string;
  pid: number;
  /** Every API request received from index `from` on, as seen at the socket (see wire-log.ts). */
  wire(from?: number): Promise<WireRecord[]>;
  /** How many API requests the wire log holds: the `from` of the next window. */
  wireLength(): Promise<number>;
  /** Empties the wire log, keeping mailing state, the de-dup cache and the rate limit. */
  clearRecords(): Promise<void>;
  /** Wire log cleared; the emulator's records, faults, de-dup cache and rate limit reset, seed restored. */
  reset(): Promise<void>;
  /** Adds or replaces a mailing. */
  setMailing(mailing: SeedMailing): Promise<void>;
  /** Path, format, content type and parsed body of the last `count` requests (from the emulator's own log). */
  lastBodies(count: number): Promise<BodySample[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** Forks the emulator process (TypeScript through ts-node, transpile-only) and resolves once it listens. */
export async function startEmulatorChild(options: ChildEmulatorOptions): Promise<EmulatorChild> {
  const child = fork(ENTRY, [], {
    cwd: REPO_ROOT,
    execArgv: ["-r", require.resolve("ts-node/register/transpile-only")],
    env: { ...process.env, BENCH_EMULATOR_OPTIONS: JSON.stringify(options) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, Pending>();
  let ready: (url: string) => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const started = new Promise<string>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      const error = new Error(`the emulator process exited (code ${code}, signal ${signal})`);
      failed(error);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      resolve();
    });
  });
  child.on("message", (message: ChildReply) => {
    if ("ready" in message) return ready(message.url);
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    waiter?.resolve(message.result);
  });

  const timer = setTimeout(() => failed(new Error(`the emulator process did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  let url: string;
  try {
    url = await started;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }

  let nextId = 1;
  const ask = <T>(question: ChildQuestion): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      child.send({ ...question, id });
    });
  let closing: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? 0,
    wire: (from = 0) => ask<WireRecord[]>({ op: "wire", from }),
    wireLength: () => ask<number>({ op: "wireLength" }),
    clearRecords: () => ask<void>({ op: "clearRecords" }),
    reset: () => ask<void>({ op: "reset" }),
    setMailing: (mailing) => ask<void>({ op: "setMailing", mailing }),
    lastBodies: (count) => ask<BodySample[]>({ op: "lastBodies", count }),
    close: () =>
      (closing ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          if (child.connected) child.disconnect();
          const kill = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
          await exited;
          clearTimeout(kill);
        }
      })()),
  };
}
