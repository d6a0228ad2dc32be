/**
 * One emulator (optionally behind a counting proxy) and one real dynamic-provider host configured against it (deletes
 * go to a second host, see destroy-host.ts): what each host-level reliability suite starts in `before` and stops in `after`.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../emulator";
import type { EndpointName } from "../../../sdk/endpoints";
import { activatedMailingProvider } from "../../../provider/provider";
import { TestEngine, serializeProvider } from "../../harness/engine";
import { startProviderHost, type ProviderHost } from "../../harness/providerHost";
import { startCountingProxy, type CountingProxy } from "./counting-proxy";
import { withDestroyHost, type OutputMark, type SplitHost } from "./destroy-host";

/** Options of {@link startProviderStack}. */
export interface ProviderStackOptions {
  /** The token the emulator accepts and the provider is configured with. */
  token: string;
  emulator?: Omit<EmulatorOptions, "tokens">;
  /** Provider config without the `altcraft:` prefix, e.g. `{ timeoutMs: "400" }`; `baseUrl` and `token` are filled in. */
  config?: Record<string, string>;
  /** Route the provider through a {@link CountingProxy}. */
  viaProxy?: boolean;
  /** The token the provider is configured with when it differs from the emulator's; `null` configures none. */
  providerToken?: string | null;
}

/** A running emulator + host pair. */
export interface ProviderStack {
  emulator: Emulator;
  host: SplitHost;
  proxy: CountingProxy | undefined;
  providerText: string;
  /** A fresh engine (empty state) over the shared host. */
  engine(): TestEngine;
  /** Requests the emulator received for `endpoint` (optionally for one mailing). */
  requestsTo(endpoint: EndpointName, mailingId?: number): number;
  /** Executions the emulator recorded for `endpoint` (optionally for one mailing). */
  executionsOf(endpoint: EndpointName, mailingId?: number): number;
  /** The current end of the hosts' stdout. */
  mark(): OutputMark;
  /** Everything the hosts printed to stdout since `mark`. */
  stdoutSince(mark: OutputMark): string;
  close(): Promise<void>;
}

/** Starts the emulator, the optional proxy and the host, and configures the host with the stack config. */
export async function startProviderStack(options: ProviderStackOptions): Promise<ProviderStack> {
  const emulator = await startEmulator({ ...options.emulator, tokens: [options.token] });
  const proxy = options.viaProxy ? await startCountingProxy(emulator.url) : undefined;
  const config: Record<string, string> = { "altcraft:baseUrl": proxy?.url ?? emulator.url };
  const providerToken = options.providerToken === undefined ? options.token : options.providerToken;
  if (providerToken !== null) config["altcraft:token"] = providerToken;
  for (const [key, value] of Object.entries(options.config ?? {})) config[`altcraft:${key}`] = value;
  const start = async (): Promise<ProviderHost> => {
    // Blank env fallbacks, so a token in the developer's environment can never stand in for the configured one.
    const started = await startProviderHost({ env: { ALTCRAFT_TOKEN: "", ALTCRAFT_BASE_URL: "" } });
    await started.configure(config, ["altcraft:token"]);
    return started;
  };
  const host = withDestroyHost(await start(), start);
  const providerText = await serializeProvider(activatedMailingProvider);
  const id = (mailingId: number | undefined, actual: number | undefined) => mailingId === undefined || mailingId === actual;
  return {
    emulator,
    host,
    proxy,
    providerText,
    engine: () => new TestEngine(host, providerText),
    requestsTo: (endpoint, mailingId) =>
      emulator.requests.filter((r) => r.endpoint === endpoint && id(mailingId, typeof r.body?.["id"] === "number" ? r.body["id"] : Number(r.body?.["id"]))).length,
    executionsOf: (endpoint, mailingId) => emulator.executions.filter((e) => e.endpoint === endpoint && id(mailingId, e.mailingId)).length,
    mark: () => host.mark(),
    stdoutSince: (mark) => host.stdoutSince(mark),
    close: async () => {
      await host.stop();
      await proxy?.close();
      await emulator.close();
    },
  };
}
