/**
 * The real dynamic-provider host, started and configured the way `pulumi up` would for the bench: the provider
 * process loads the built package (dist/), and `altcraft:maxConcurrency` is set explicitly.
 */
import { activatedMailingProvider } from "../provider/provider";
import { serializeProvider } from "../tests/harness/engine";
import { startProviderHost, type ProviderHost } from "../tests/harness/providerHost";
import { BENCH_TOKEN } from "./token";

/** The `__provider` text every bench resource carries. */
export function providerText(): Promise<string> {
  return serializeProvider(activatedMailingProvider);
}

/** Starts a host and sends Configure with the emulator's URL, the token (as a secret) and the concurrency bound. */
export async function startConfiguredHost(baseUrl: string, maxConcurrency: number): Promise<ProviderHost> {
  const host = await startProviderHost();
  try {
    await host.configure(connectionConfig(baseUrl, maxConcurrency), ["altcraft:token"]);
  } catch (error) {
    await host.stop();
    throw error;
  }
  return host;
}

/** The stack config the bench hands to Configure. */
export function connectionConfig(baseUrl: string, maxConcurrency: number): Record<string, string> {
  return { "altcraft:baseUrl": baseUrl, "altcraft:token": BENCH_TOKEN, "altcraft:maxConcurrency": String(maxConcurrency) };
}
