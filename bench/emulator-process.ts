/**
 * Entry of the emulator's own process (see emulator-child.ts). A real Altcraft server never shares an event loop
 * with its client, so the bench keeps them apart: each side's CPU, GC and socket wake-ups are its own, as in
 * production, and the provider host and the direct client pay the same process hop to reach it.
 */
import { startEmulator, type EmulatorOptions } from "../emulator";
import type { ChildReply, ChildRequest } from "./emulator-protocol";

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_EMULATOR_OPTIONS ?? "{}") as EmulatorOptions;
  const emulator = await startEmulator(options);
  const reply = (message: ChildReply): void => void process.send?.(message);
  process.on("message", (message: ChildRequest) => {
    switch (message.op) {
      case "counts":
        return reply({ id: message.id, result: { requests: emulator.requests.length, executions: emulator.executions.length } });
      case "clearRecords":
        emulator.requests.length = 0;
        emulator.executions.length = 0;
        return reply({ id: message.id, result: null });
      case "reset":
        emulator.reset();
        return reply({ id: message.id, result: null });
      case "recentRequests":
        return reply({ id: message.id, result: emulator.requests.slice(-message.count) });
      case "requestTimes":
        return reply({ id: message.id, result: emulator.requests.slice(message.from).map((r) => r.at) });
    }
  });
  // The bench disconnects to stop us; a crashed bench disconnects too, so no emulator outlives it.
  process.once("disconnect", () => {
    void emulator.close().then(() => process.exit(0));
  });
  reply({ ready: true, url: emulator.url });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
