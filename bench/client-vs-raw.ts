/**
 * Client call vs a raw `http.request` POST of the same body, both over keep-alive agents, against the emulator in
 * its own process. An axios instance configured like the client's transport runs alongside to split the overhead
 * between axios and the client's own code.
 */
import { randomUUID } from "node:crypto";
import { AltcraftClient } from "../sdk";
import type { WireFormat } from "../sdk/types";
import { axiosPost, clientLikeAxios, clientRequest } from "./client-request";
import { timeMs, timeRound } from "./clock";
import { measureStageCosts } from "./client-stages";
import { startEmulatorChild, type EmulatorChild } from "./emulator-child";
import { RawPoster } from "./raw-post";
import type { BenchSettings } from "./settings";
import { ratio, round, summarize } from "./stats";
import type { ClientVsRawCase, ClientVsRawResult } from "./types";
import { BENCH_TOKEN } from "./token";

const MAILING_ID = 82;
/** The round trip the goal names. */
const LATENCY_MS = 20;
const ENDPOINTS = ["getStatus", "activate"] as const;
const FORMATS: readonly WireFormat[] = ["json", "xml"];

type Endpoint = (typeof ENDPOINTS)[number];

/** Runs every format × endpoint case, the per-stage CPU costs, and getStatus in each format at 20 ms latency. */
export async function measureClientVsRaw(settings: BenchSettings["clientVsRaw"]): Promise<ClientVsRawResult> {
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings: [{ id: MAILING_ID, name: "Bench digest" }] });
  const cases: ClientVsRawCase[] = [];
  try {
    for (const format of FORMATS) {
      for (const endpoint of ENDPOINTS) cases.push(await measureCase(emulator, format, endpoint, settings.warmup, settings.calls));
    }
  } finally {
    await emulator.close();
  }
  const stages = [];
  for (const format of FORMATS) {
    for (const endpoint of ENDPOINTS) stages.push(await measureStageCosts(format, endpoint, settings.stageIterations));
  }
  const atLatency = [];
  for (const format of FORMATS) atLatency.push(await measureAtLatency(format, LATENCY_MS, settings.latencyCalls));
  return { keepAlive: true, cases, stages, atLatency };
}

function callClient(client: AltcraftClient, endpoint: Endpoint): () => Promise<unknown> {
  return endpoint === "getStatus" ? () => client.mailings.getStatus({ id: MAILING_ID }) : () => client.mailings.activate({ id: MAILING_ID });
}

async function measureCase(emulator: EmulatorChild, format: WireFormat, endpoint: Endpoint, warmup: number, calls: number): Promise<ClientVsRawCase> {
  await emulator.reset();
  const client = new AltcraftClient({ baseUrl: emulator.url, token: BENCH_TOKEN, format });
  const raw = new RawPoster(emulator.url);
  const axios = clientLikeAxios();
  const request = clientRequest(endpoint, { id: MAILING_ID }, format, BENCH_TOKEN);
  const tasks = [
    callClient(client, endpoint),
    async () => {
      const answer = await raw.post(request);
      if (answer.status !== 200) throw new Error(`raw ${endpoint} answered HTTP ${answer.status}`);
    },
    async () => {
      const status = await axiosPost(axios.instance, emulator.url, request, randomUUID());
      if (status !== 200) throw new Error(`axios ${endpoint} answered HTTP ${status}`);
    },
  ];
  try {
    await tasks[0]?.();
    await tasks[1]?.();
    await assertSameRequest(emulator);
    await tasks[2]?.();
    const samples: number[][] = [[], [], []];
    const cpuUs = [0, 0, 0];
    for (let i = 0; i < warmup + calls; i++) {
      const times = await timeRound(i, tasks, i >= warmup ? cpuUs : undefined);
      if (i >= warmup) times.forEach((t, k) => samples[k]?.push(t));
      // The emulator keeps every request and de-dup entry; clearing them keeps its memory flat across the run.
      if (i % 500 === 499) await emulator.reset();
    }
    const [clientMs, rawMs, axiosMs] = [summarize(samples[0] ?? []), summarize(samples[1] ?? []), summarize(samples[2] ?? [])];
    return {
      format,
      endpoint,
      warmup,
      calls,
      clientMs,
      rawMs,
      axiosMs,
      ratioP50: ratio(clientMs.p50, rawMs.p50),
      ratioP95: ratio(clientMs.p95, rawMs.p95),
      overheadUsP50: round((clientMs.p50 - rawMs.p50) * 1000, 1),
      axiosUsP50: round((axiosMs.p50 - rawMs.p50) * 1000, 1),
      clientOwnUsP50: round((clientMs.p50 - axiosMs.p50) * 1000, 1),
      cpuUsPerCall: { client: round((cpuUs[0] ?? 0) / calls, 1), raw: round((cpuUs[1] ?? 0) / calls, 1), axios: round((cpuUs[2] ?? 0) / calls, 1) },
    };
  } finally {
    client.close();
    raw.close();
    axios.agent.destroy();
  }
}

/** The comparison only means something if both sent the same thing: check the emulator saw equal bodies. */
async function assertSameRequest(emulator: EmulatorChild): Promise<void> {
  const [byClient, byRaw] = await emulator.lastBodies(2);
  const same =
    byClient !== undefined &&
    byRaw !== undefined &&
    byClient.path === byRaw.path &&
    byClient.format === byRaw.format &&
    byClient.body === byRaw.body &&
    byClient.contentType === byRaw.contentType;
  if (!same) throw new Error("the raw request differs from the client's: the comparison would not be like with like");
}

async function measureAtLatency(format: WireFormat, latencyMs: number, calls: number): Promise<ClientVsRawResult["atLatency"][number]> {
  const emulator = await startEmulatorChild({ tokens: [BENCH_TOKEN], mailings: [{ id: MAILING_ID }], latencyMs });
  const client = new AltcraftClient({ baseUrl: emulator.url, token: BENCH_TOKEN, format });
  const raw = new RawPoster(emulator.url);
  const axios = clientLikeAxios();
  const request = clientRequest("getStatus", { id: MAILING_ID }, format, BENCH_TOKEN);
  try {
    const tasks = [callClient(client, "getStatus"), () => raw.post(request), () => axiosPost(axios.instance, emulator.url, request, randomUUID())];
    const samples: number[][] = [[], [], []];
    const warmup = 3;
    for (let i = 0; i < warmup + calls; i++) {
      for (let step = 0; step < tasks.length; step++) {
        const index = (i + step) % tasks.length;
        const task = tasks[index];
        if (!task) continue;
        waitForRandomPhase();
        const time = await timeMs(task);
        if (i >= warmup) samples[index]?.push(time);
      }
    }
    const clientMs = summarize(samples[0] ?? []);
    const rawMs = summarize(samples[1] ?? []);
    const axiosMs = summarize(samples[2] ?? []);
    return {
      format,
      latencyMs,
      calls,
      clientMs,
      rawMs,
      axiosMs,
      ratioP50: ratio(clientMs.p50, rawMs.p50),
      ratioMean: ratio(clientMs.mean, rawMs.mean),
      axiosRatioP50: ratio(axiosMs.p50, rawMs.p50),
    };
  } finally {
    client.close();
    raw.close();
    axios.agent.destroy();
    await emulator.close();
  }
}

/**
 * Spins until a uniformly random point of the current (or next) millisecond. The emulator's latency is a Node.js
 * timer, and Node's loop clock counts whole milliseconds: an answer leaves at the first millisecond tick at least
 * 20 ms after the one the request arrived in, so the delay is 20 ms minus the arrival's place inside its millisecond.
 * Calls made back to back start where the previous answer left them, a fixed place after a tick, so that place
 * (set by the previous call's tail and this call's head, not by this call's whole cost) decides whether a call pays a
 * whole extra millisecond: with back-to-back calls 100 µs of difference could show as 0 or as 1 ms. Starting every
 * call at a random place makes the arrival uniform inside the millisecond for every contender, so on average each
 * pays exactly its own cost, and p50 differences mean cost differences.
 */
function waitForRandomPhase(): void {
  const target = BigInt(Math.floor(Math.random() * 1e6));
  const start = process.hrtime.bigint();
  let deadline = start - (start % 1_000_000n) + target;
  if (deadline <= start) deadline += 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    // Busy on purpose: a timer could not aim inside a millisecond.
  }
}
