/**
 * Whether the provider host survived: its process is alive, and its stderr holds nothing but the failures the host
 * itself reports for read/delete RPCs (`${error}: ${error.stack}`). An uncaught exception or unhandled rejection
 * in the provider would be printed there too, by the host's own handlers, and would not look like one of ours.
 */
import assert from "node:assert/strict";
import type { ProviderHost } from "../../harness/providerHost";

/** The first line of every error the provider lets reach the host. */
const PROVIDER_FAILURE = /^Error: ActivatedMailing \d+: (activate|deactivate|read) failed: /;

/** The stderr entries (a first line plus its indented stack) that are not provider failures. */
export function unexpectedStderr(stderr: string): string[] {
  const entries: string[] = [];
  for (const line of stderr.split("\n")) {
    if (line.trim() === "") continue;
    if (/^\s/.test(line) && entries.length > 0) continue;
    entries.push(line);
  }
  return entries.filter((first) => !PROVIDER_FAILURE.test(first));
}

/** Asserts the host process is alive and printed nothing unexpected to stderr. */
export function assertHostHealthy(host: ProviderHost): void {
  assert.doesNotThrow(() => process.kill(host.pid, 0), "the provider host process is still running");
  assert.deepEqual(unexpectedStderr(host.output().stderr), [], "no uncaught error in the provider host");
}
