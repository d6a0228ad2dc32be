/**
 * Host cold start as a deployment pays it: spawn the dynamic-provider host → its port line and a ready gRPC
 * channel → Configure → the first Check answered (which deserializes `__provider`, loads the provider's runtime
 * from dist/ and, with `altcraft:verifyOnPreview`, reads the mailing from the emulator, which adds no latency).
 */
import { startProviderHost, type ProviderHost } from "../tests/harness/providerHost";
import { msSince } from "./clock";
import { startEmulatorChild } from "./emulator-child";
import { connectionConfig, DEFAULT_HOST_SETTINGS, providerText } from "./host";
import { median, summarize } from "./stats";
import { BENCH_TOKEN } from "./token";
import type { ColdStartResult } from "./types";

const MAILING_ID = 82;

/**
 * Starts `samples` hosts one after another and times each up to the first answered Check, with this package's
 * provider, or with `provider` given (the bench's floor provider: the same host with nothing of this package in it).
 */
export async function measureColdStart(samples: number, text?: string): Promise<ColdStartResult> {
  const provider = text ?? (await providerText());
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings: [{ id: MAILING_ID }] });
  const totals: number[] = [];
  const ready: number[] = [];
  const configure: number[] = [];
  const firstCheck: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      let host: ProviderHost | undefined;
      try {
        const began = process.hrtime.bigint();
        host = await startProviderHost();
        const readyAt = msSince(began);
        await host.configure(connectionConfig(emulator.url, DEFAULT_HOST_SETTINGS), ["altcraft:token"]);
        const configuredAt = msSince(began);
        const check = await host.check({}, { __provider: provider, mailingId: MAILING_ID });
        const answeredAt = msSince(began);
        if (check.failures.length > 0) throw new Error(`the first Check refused its inputs: ${JSON.stringify(check.failures)}`);
        totals.push(answeredAt);
        ready.push(readyAt);
        configure.push(configuredAt - readyAt);
        firstCheck.push(answeredAt - configuredAt);
      } finally {
        await host?.stop();
      }
    }
  } finally {
    await emulator.close();
  }
  return {
    samples,
    totalMs: summarize(totals),
    spawnToReadyMsP50: median(ready),
    configureMsP50: median(configure),
    firstCheckMsP50: median(firstCheck),
  };
}
