/**
 * A preview of N mailings through the host, as `pulumi preview` runs it: a fresh provider process, Check for every
 * resource (new resources), then Check → Diff (resources in state whose inputs changed), each batch issued at once.
 * Run with `altcraft:verifyOnPreview` on and off, against the same emulator and its latency.
 */
import { programHints } from "./program-hints";
import { tally } from "./api-calls";
import { msSince } from "./clock";
import { startEmulatorChild, type EmulatorChild } from "./emulator-child";
import { inDeployment, providerText } from "./host";
import type { BenchSettings } from "./settings";
import { StackState } from "./stack-state";
import { round } from "./stats";
import { BENCH_TOKEN } from "./token";
import type { PreviewCase, PreviewScaleResult } from "./types";

const NEW_FROM = 30_000;
const EXISTING_FROM = 40_000;

/** Creates N resources (untimed), then times each preview kind in a fresh host per verifyOnPreview setting. */
export async function measurePreviewScale(settings: BenchSettings["preview"]): Promise<PreviewScaleResult> {
  const ids = (base: number) => Array.from({ length: settings.mailings }, (_, i) => base + i);
  const emulator = await startEmulatorChild({
    tokens: [BENCH_TOKEN],
    mailings: [...ids(NEW_FROM), ...ids(EXISTING_FROM)].map((id) => ({ id })),
    latencyMs: settings.latencyMs,
  });
  const cases: PreviewCase[] = [];
  try {
    const stack = new StackState(await providerText());
    const existing = ids(EXISTING_FROM);
    const existingHints = programHints(existing);
    const hostSettings = (verifyOnPreview: boolean) => ({ maxConcurrency: settings.maxConcurrency, verifyOnPreview });
    await inDeployment(stack, emulator.url, hostSettings(true), (d) => Promise.all(existing.map((id) => d.up(`mailing-${id}`, { mailingId: id }))));
    for (const verifyOnPreview of [true, false]) {
      // `pulumi preview` is a deployment of its own: one fresh provider process for both kinds, as one preview of a
      // stack that adds some mailings and changes others would run them.
      await inDeployment(stack, emulator.url, hostSettings(verifyOnPreview), async (d) => {
        cases.push(await timePreview(emulator, verifyOnPreview, "new", settings.mailings, () => {
          const hints = programHints(ids(NEW_FROM));
          return ids(NEW_FROM).map((id, i) => d.preview(`mailing-${id}`, { mailingId: id, ...hints[i] }));
        }));
        cases.push(
          await timePreview(emulator, verifyOnPreview, "change", settings.mailings, () =>
            existing.map((id, i) => d.preview(`mailing-${id}`, { mailingId: id, content: { wave: "2" }, ...existingHints[i] })),
          ),
        );
      });
    }
  } finally {
    await emulator.close();
  }
  return { mailings: settings.mailings, latencyMs: settings.latencyMs, maxConcurrency: settings.maxConcurrency, cases };
}

async function timePreview(
  emulator: EmulatorChild,
  verifyOnPreview: boolean,
  kind: PreviewCase["kind"],
  mailings: number,
  start: () => Promise<{ failures: unknown[] }>[],
): Promise<PreviewCase> {
  const from = await emulator.wireLength();
  const began = process.hrtime.bigint();
  const outcomes = await Promise.allSettled(start());
  const wallMs = round(msSince(began), 1);
  const counted = tally(await emulator.wire(from));
  const failures = outcomes.filter((o) => o.status === "rejected" || o.value.failures.length > 0).length;
  return { verifyOnPreview, kind, wallMs, msPerMailing: round(wallMs / mailings, 3), reads: counted.reads, writes: counted.writes, failures };
}
