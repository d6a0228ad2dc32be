/**
 * The real dynamic-provider host, started and configured the way `pulumi up` would for the bench: the provider
 * process loads the built package (dist/) by its name, and the stack config sets `altcraft:maxConcurrency` and
 * `altcraft:verifyOnPreview` explicitly.
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { startProviderHost, type ProviderHost, type ProviderHostOptions } from "../tests/harness/providerHost";
import { readProcessMemory } from "./proc-status";
import type { Deployment, StackState } from "./stack-state";
import { REPO_ROOT } from "./results-file";
import { BENCH_TOKEN } from "./token";

/** How the bench configures a host. */
export interface HostSettings {
  maxConcurrency: number;
  /** `altcraft:verifyOnPreview`: Check reads the mailing. The provider's default is true; the bench sets it explicitly. */
  verifyOnPreview: boolean;
  /** The engine's `--parallel` (steps at once); `pulumi up`'s default, 4 × CPUs, when absent. */
  parallel?: number;
}

/** The settings every measured host gets unless a measurement says otherwise. */
export const DEFAULT_HOST_SETTINGS: HostSettings = { maxConcurrency: 8, verifyOnPreview: true };

/**
 * The `__provider` text every bench resource carries: what Pulumi stores when the package is installed (a 279-byte
 * reference to dist/provider/abi/v1.js, captured from the tarball: tests/fixtures/provider-text/<version>.js), not
 * what serializing this checkout's provider by value gives (2.5 KB). The engine and the host carry that text in every
 * request, so its size is part of each RPC's cost.
 */
export async function providerText(): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  return readFile(path.join(REPO_ROOT, "tests", "fixtures", "provider-text", `${version}.js`), "utf8");
}

/** Starts a host and sends Configure with the emulator's URL, the token (as a secret) and `settings`. */
export async function startConfiguredHost(baseUrl: string, settings: HostSettings, options: ProviderHostOptions = {}): Promise<ProviderHost> {
  const host = await startProviderHost(options);
  try {
    await host.configure(connectionConfig(baseUrl, settings), ["altcraft:token"]);
  } catch (error) {
    await host.stop();
    throw error;
  }
  return host;
}

/** The stack config the bench hands to Configure. */
export function connectionConfig(baseUrl: string, settings: HostSettings): Record<string, string> {
  return {
    "altcraft:baseUrl": baseUrl,
    "altcraft:token": BENCH_TOKEN,
    "altcraft:maxConcurrency": String(settings.maxConcurrency),
    "altcraft:verifyOnPreview": String(settings.verifyOnPreview),
  };
}

/** What one deployment produced, with its provider process's peak RSS (null where /proc is unavailable). */
export interface DeploymentRun<T> {
  result: T;
  peakRssBytes: number | null;
}

/**
 * Runs `work` as one deployment: a fresh, configured host (Pulumi starts one provider process per deployment),
 * stopped afterwards. `timed` wraps the host, e.g. to time its RPCs.
 */
export async function inDeployment<T>(
  state: StackState,
  baseUrl: string,
  settings: HostSettings,
  work: (deployment: Deployment, host: ProviderHost) => Promise<T>,
  wrap: (host: ProviderHost) => ProviderHost = (host) => host,
): Promise<DeploymentRun<T>> {
  const host = await startConfiguredHost(baseUrl, settings);
  try {
    const wrapped = wrap(host);
    const result = await work(settings.parallel === undefined ? state.on(wrapped) : state.on(wrapped, settings.parallel), wrapped);
    return { result, peakRssBytes: readProcessMemory(host.pid)?.peakRssBytes ?? null };
  } finally {
    await host.stop();
  }
}
