/**
 * Entry of the emulator's own process (see emulator-child.ts). A real Altcraft server never shares an event loop
 * with its client, so the bench keeps them apart: each side's CPU, GC and socket wake-ups are its own, as in
 * production, and the provider host and the direct client pay the same process hop to reach it. API calls are
 * counted at the socket (wire-log.ts), not from the emulator's request log, which is capped.
 */
import { startEmulator, type EmulatorOptions } from "../emulator";
import type { BodySample, ChildReply, ChildRequest } from "./emulator-protocol";
import { recordWire } from "./wire-log";

async function main(): Promise<void> {
  const wire = recordWire();
  const options = JSON.parse(process.env.BENCH_EMULATOR_OPTIONS ?? "{}") as EmulatorOptions;
  const emulator = await startEmulator(options);
  const reply = (message: ChildReply): void => void process.send?.(message);
  process.on("message", (message: ChildRequest) => {
    switch (message.op) {
      case "wire":
        return reply({ id: message.id, result: wire.records.slice(message.from) });
      case "wireLength":
        return reply({ id: message.id, result: wire.records.length });
      case "clearRecords":
        // The emulator's own log is capped and owned by it: only our wire log is ours to empty.
        wire.clear();
        return reply({ id: message.id, result: null });
      case "reset":
        wire.clear();
        emulator.reset();
        return reply({ id: message.id, result: null });
      case "setMailing":
        emulator.setMailing(message.mailing);
        return reply({ id: message.id, result: null });
      case "lastBodies":
        return reply({ id: message.id, result: emulator.requests.slice(-message.count).map(bodySample) });
    }
  });
  // The bench disconnects to stop us; a crashed bench disconnects too, so no emulator outlives it.
  process.once("disconnect", () => {
    void emulator.close().then(() => process.exit(0));
  });
  reply({ ready: true, url: emulator.url });
}

function bodySample(r: { path: string; format: string; headers: Record<string, unknown>; body: unknown }): BodySample {
  const contentType = r.headers["content-type"];
  return { path: r.path, format: r.format, contentType: typeof contentType === "string" ? contentType : undefined, body: JSON.stringify(r.body) };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
