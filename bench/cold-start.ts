/**
 * Host cold start as a deployment pays it: spawn the dynamic-provider host → its port line and a ready gRPC
 * channel → Configure → the first Check answered (which deserializes `__provider` and loads the provider's runtime
 * from dist/).
 */
import { startProviderHost, type ProviderHost } from "../tests/harness/providerHost";
import { msSince } from "./clock";
import { connectionConfig, providerText } from "./host";
import { median, summarize } from "./stats";
import type { ColdStartResult } from "./types";

/** Check makes no API call, so the URL is never dialled; it only has to be a valid loopback URL. */
const UNUSED_BASE_URL = "http://127.0.0.1:9";

/** Starts `samples` hosts one after another and times each up to the first answered Check. */
export async function measureColdStart(samples: number): Promise<ColdStartResult> {
  const provider = await providerText();
  const totals: number[] = [];
  const ready: number[] = [];
  const configure: number[] = [];
  const firstCheck: number[] = [];
  for (let i = 0; i < samples; i++) {
    let host: ProviderHost | undefined;
    try {
      const began = process.hrtime.bigint();
      host = await startProviderHost();
      const readyAt = msSince(began);
      await host.configure(connectionConfig(UNUSED_BASE_URL, 8), ["altcraft:token"]);
      const configuredAt = msSince(began);
      const check = await host.check({}, { __provider: provider, mailingId: 82 });
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
  return {
    samples,
    totalMs: summarize(totals),
    spawnToReadyMsP50: median(ready),
    configureMsP50: median(configure),
    firstCheckMsP50: median(firstCheck),
  };
}
