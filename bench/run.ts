/** Runs every measurement of one bench and assembles the results (no files, no printing of the report). */
import { measureCallCounts } from "./call-counts";
import { measureClientVsRaw } from "./client-vs-raw";
import { measureColdStart } from "./cold-start";
import { floorProviderText } from "./host-floor";
import { checkDistFreshness } from "./dist-freshness";
import { evaluateGoals } from "./goals";
import { profileHost } from "./host-profile";
import { measureLoader } from "./loader";
import { describeMachine, loadAverage } from "./machine";
import { measurePreviewScale } from "./preview-scale";
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
  const coldStart = { ...(await measureColdStart(settings.coldStartSamples)), floor: await measureColdStart(settings.coldStartSamples, await floorProviderText("http")) };
  progress(`host profile (cold start, then ${settings.profile.mailings} creates)`);
  const hostProfile = await profileHost(settings.profile);
  progress(`API calls per resource and operation (${settings.callCountResources} resources per scenario)`);
  const callCounts = await measureCallCounts(settings.callCountResources);
  progress(`client vs raw http.request (${settings.clientVsRaw.calls} calls per case, ${settings.clientVsRaw.latencyCalls} at 20 ms)`);
  const clientVsRaw = await measureClientVsRaw(settings.clientVsRaw);
  progress("state size");
  const state = await measureStateSize();
  progress(`stack scale (${settings.stackScale.sizes.join(", ")} mailings)`);
  const stackScale = await measureStackScale(settings.stackScale, progress);
  progress(`preview of ${settings.preview.mailings} mailings, verifyOnPreview on and off`);
  const preview = await measurePreviewScale(settings.preview);
  progress(`rate limit (${settings.rateLimit.mailings} mailings at ${settings.rateLimit.requestsPerSecond} calls/s)`);
  const rateLimit = await measureRateLimit(settings.rateLimit, settings.stackScale.maxConcurrency);
  progress(`mailings-file loader (${settings.loader.entries} entries)`);
  const loader = await measureLoader(settings.loader);

  const goalRun = stackScale.runs.find((r) => r.mailings === settings.stackScale.goalSize);
  const partial: Omit<BenchResults, "goals"> = {
    schemaVersion: 2,
    generatedAt: new Date().toISOString(),
    mode: settings.mode,
    durationSeconds: Math.round((Date.now() - began) / 100) / 10,
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    callCounts,
    clientVsRaw,
    stackScale,
    goalSize: settings.stackScale.goalSize,
    preview,
    rateLimit,
    state,
    memory: { mailings: settings.stackScale.goalSize, hostPeakRssBytes: goalRun?.hostPeakRssBytes ?? null },
    coldStart,
    hostProfile,
    loader,
    notes,
  };
  return { ...partial, goals: evaluateGoals(partial) };
}
