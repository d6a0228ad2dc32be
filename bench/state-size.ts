/**
 * Bytes each resource adds to the stack state: the serialized provider (`__provider`), the outputs, and the whole
 * entry the engine keeps. Measured on resources created through the real host, so the outputs are the real ones.
 */
import { startEmulator } from "../emulator";
import { TestEngine, type Props } from "../tests/harness/engine";
import type { ProviderHost } from "../tests/harness/providerHost";
import { DEFAULT_HOST_SETTINGS, providerText, startConfiguredHost } from "./host";
import { BENCH_TOKEN } from "./token";
import type { ResourceStateSize, StateSizeResult } from "./types";

/** Representative resources: the least a user declares, and a launch with overrides, content and triggers. */
const RESOURCES: { label: string; inputs: Props }[] = [
  { label: "minimal (mailingId only)", inputs: { mailingId: 82 } },
  {
    label: "typical launch (overrides, 3 content values, triggers)",
    inputs: {
      mailingId: 4727,
      runNow: true,
      overrideSourceType: "segment",
      overrideSourceId: 2550,
      overrideLimit: 300,
      content: { H1: "Weather alert", city: "Moscow", discount: 15 },
      triggers: ["2024-05-20 storm warning"],
    },
  },
];

/** Creates each representative resource once and weighs its state. */
export async function measureStateSize(): Promise<StateSizeResult> {
  const emulator = await startEmulator({ tokens: [BENCH_TOKEN], mailings: RESOURCES.map((r) => ({ id: Number(r.inputs.mailingId), type: "broadcast" as const })) });
  let host: ProviderHost | undefined;
  try {
    host = await startConfiguredHost(emulator.url, DEFAULT_HOST_SETTINGS);
    const provider = await providerText();
    const engine = new TestEngine(host, provider);
    const providerBytes = bytes(provider);
    const resources: ResourceStateSize[] = [];
    for (const { label, inputs } of RESOURCES) {
      const { outputs } = await engine.up(label, inputs);
      const state = engine.state(label);
      const { __provider: _omitted, ...ownOutputs } = outputs;
      const outputsBytes = bytes(JSON.stringify(ownOutputs));
      resources.push({ label, outputsBytes, providerPlusOutputsBytes: providerBytes + outputsBytes, stateEntryBytes: bytes(JSON.stringify(state)) });
    }
    return { providerBytes, resources };
  } finally {
    await host?.stop();
    await emulator.close();
  }
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
