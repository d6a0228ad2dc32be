/** Runs every measurement of one bench and assembles the results (no files, no printing of the report). */
import { measureClientVsRaw } from "./client-vs-raw";
import { measureColdStart } from "./cold-start";
import { checkDistFreshness } from "./dist-freshness";
import { evaluateGoals } from "./goals";
import { describeMachine, loadAverage } from "./machine";
import { measureProviderOverhead } from "./provider-overhead";
import { measureRateLimit } from "./rate-limit";
import type { BenchSettings } from "./settings";
import { measureStackScale } from "./stack-scale";
import { measureStateSize } from "./state-size";
import type { BenchResults } from "./types";

/** Runs the bench with `settings`, reporting progress through `progress`. */
export async function runBench(settings: BenchSettings, progress: (line: string) => void): Promise<BenchResults> {
  const began = Date.now();
  const machine = describeMachine();
  const notes: string[] = [];
  const stale = checkDistFreshness();
  if (stale) {
    notes.push(stale);
    progress(`warning: ${stale}`);
  }
  if (machine.loadAverageAtStart > machine.cpus) {
    notes.push(`The machine was busy (load ${machine.loadAverageAtStart} on ${machine.cpus} cores): timings are noisy.`);
  }
  if (settings.mode === "quick") notes.push("Quick (smoke) run: tiny counts, the numbers mean nothing.");

  // Cold start first, while nothing else of ours is running.
  progress(`host cold start (${settings.coldStartSamples} samples)`);
  const coldStart = await measureColdStart(settings.coldStartSamples);
  progress(`client vs raw http.request (${settings.clientVsRaw.calls} calls per case)`);
  const clientVsRaw = await measureClientVsRaw(settings.clientVsRaw);
  progress(`provider operations through the host (${settings.providerOverhead.iterations} per operation)`);
  const providerOverhead = await measureProviderOverhead(settings.providerOverhead);
  progress("state size");
  const state = await measureStateSize();
  progress(`stack scale (${settings.stackScale.sizes.join(", ")} mailings)`);
  const stackScale = await measureStackScale(settings.stackScale);
  progress(`rate limit (${settings.rateLimit.mailings} mailings at ${settings.rateLimit.requestsPerSecond} calls/s)`);
  const rateLimit = await measureRateLimit(settings.rateLimit, settings.stackScale.maxConcurrency);

  const largest = stackScale.runs[stackScale.runs.length - 1];
  const partial: Omit<BenchResults, "goals"> = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    mode: settings.mode,
    durationSeconds: Math.round((Date.now() - began) / 100) / 10,
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    clientVsRaw,
    providerOverhead,
    stackScale,
    rateLimit,
    state,
    memory: { mailings: largest?.mailings ?? 0, hostPeakRssBytes: largest?.hostPeakRssBytes ?? null },
    coldStart,
    notes,
  };
  return { ...partial, goals: evaluateGoals(partial) };
}
