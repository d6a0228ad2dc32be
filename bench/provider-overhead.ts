/**
 * One provider operation through the real dynamic-provider host (one gRPC call, as the engine makes it) vs the
 * same client calls made directly from this process, against an emulator (in its own process, so both paths pay the
 * same hop to reach it) with no added latency.
 */
import { AltcraftClient } from "../sdk";
import type { ProviderHost, Props } from "../tests/harness/providerHost";
import { timeRound } from "./clock";
import { startEmulatorChild } from "./emulator-child";
import { providerText, startConfiguredHost } from "./host";
import { BENCH_TOKEN } from "./token";
import type { BenchSettings } from "./settings";
import { round, summarize } from "./stats";
import type { ProviderOperationResult } from "./types";

const HOST_IDS_FROM = 10_000;
const DIRECT_IDS_FROM = 50_000;
/** The provider's default bound; one operation at a time never reaches it. */
const MAX_CONCURRENCY = 8;

/** A timed pair: the host call and the direct client calls for round `i`. */
interface OperationPlan {
  operation: ProviderOperationResult["operation"];
  apiCalls: string;
  host: (i: number) => Promise<unknown>;
  direct: (i: number) => Promise<unknown>;
}

/** Measures check, create, read, update and delete, each `iterations` times after `warmup`. */
export async function measureProviderOverhead(settings: BenchSettings["providerOverhead"]): Promise<ProviderOperationResult[]> {
  const rounds = settings.warmup + settings.iterations;
  const mailings = [];
  for (let i = 0; i < rounds; i++) mailings.push({ id: HOST_IDS_FROM + i }, { id: DIRECT_IDS_FROM + i });
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings });
  let host: ProviderHost | undefined;
  const client = new AltcraftClient({ baseUrl: emulator.url, token: BENCH_TOKEN });
  try {
    host = await startConfiguredHost(emulator.url, MAX_CONCURRENCY);
    const plans = operationPlans(host, client, await providerText());
    const samples = plans.map(() => ({ host: [] as number[], direct: [] as number[] }));
    // One round runs every operation on its own mailing (check → create → read → update → delete), so every
    // operation meets the same drift, GC and JIT state; the host and direct sides alternate which goes first.
    for (let i = 0; i < rounds; i++) {
      for (const [k, plan] of plans.entries()) {
        const [hostTime, directTime] = await timeRound(i + k, [() => plan.host(i), () => plan.direct(i)]);
        if (i < settings.warmup) continue;
        samples[k]?.host.push(hostTime ?? Number.NaN);
        samples[k]?.direct.push(directTime ?? Number.NaN);
      }
      // Records only: the mailings' state must survive.
      if (i % 100 === 99) await emulator.clearRecords();
    }
    return plans.map((plan, k) => result(plan, settings.iterations, samples[k]?.host ?? [], samples[k]?.direct ?? []));
  } finally {
    client.close();
    await host?.stop();
    await emulator.close();
  }
}

function operationPlans(host: ProviderHost, client: AltcraftClient, provider: string): OperationPlan[] {
  const created: Props[] = [];
  const inputs = (i: number, extra: Props = {}): Props => ({ __provider: provider, mailingId: HOST_IDS_FROM + i, runNow: false, abortIfRunning: false, ...extra });
  const observe = (id: number) => Promise.all([client.mailings.getStatus({ id }), client.mailings.get({ id })]);
  return [
    {
      operation: "check",
      apiCalls: "none",
      host: (i) => host.check({}, { __provider: provider, mailingId: HOST_IDS_FROM + i }),
      direct: async () => undefined,
    },
    {
      operation: "create",
      apiCalls: "activate, then getStatus ‖ get",
      host: async (i) => {
        const { properties } = await host.create(inputs(i));
        created[i] = properties;
      },
      direct: async (i) => {
        await client.mailings.activate({ id: DIRECT_IDS_FROM + i });
        await observe(DIRECT_IDS_FROM + i);
      },
    },
    {
      operation: "read",
      apiCalls: "getStatus ‖ get",
      host: (i) => host.read(String(HOST_IDS_FROM + i), outputsOf(created, i), inputs(i)),
      direct: (i) => observe(DIRECT_IDS_FROM + i),
    },
    {
      operation: "update",
      apiCalls: "activate, then getStatus ‖ get",
      host: async (i) => {
        const { properties } = await host.update(String(HOST_IDS_FROM + i), outputsOf(created, i), inputs(i, { content: { round: String(i) } }), inputs(i));
        created[i] = properties;
      },
      direct: async (i) => {
        await client.mailings.activate({ id: DIRECT_IDS_FROM + i, content: { round: String(i) } });
        await observe(DIRECT_IDS_FROM + i);
      },
    },
    {
      operation: "delete",
      apiCalls: "deactivate",
      host: (i) => host.delete(String(HOST_IDS_FROM + i), outputsOf(created, i)),
      direct: (i) => client.mailings.deactivate({ id: DIRECT_IDS_FROM + i, abortIfRunning: false }),
    },
  ];
}

function outputsOf(created: Props[], i: number): Props {
  const outputs = created[i];
  if (!outputs) throw new Error(`resource ${i} was not created`);
  return outputs;
}

function result(plan: OperationPlan, iterations: number, hostMs: number[], directMs: number[]): ProviderOperationResult {
  const host = summarize(hostMs);
  const direct = summarize(directMs);
  return {
    operation: plan.operation,
    apiCalls: plan.apiCalls,
    iterations,
    hostMs: host,
    directMs: direct,
    overheadMsP50: round(host.p50 - direct.p50),
    overheadMsP95: round(host.p95 - direct.p95),
  };
}
