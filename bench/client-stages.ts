/**
 * Where the client's own time goes, without I/O: parameter validation, body encoding (JSON or XML building) and
 * answer decoding (envelope classification plus the result schema), each timed in a tight loop.
 */
import { startEmulator } from "../emulator";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from "../sdk/config";
import { ENDPOINTS, type EndpointName } from "../sdk/endpoints";
import { classifyAnswer, type CallContext } from "../sdk/error-factory";
import { toWireParams } from "../sdk/params";
import { decodeStatus } from "../sdk/results";
import type { WireFormat } from "../sdk/types";
import { encodeRequestBody } from "../sdk/wire";
import { clientRequest } from "./client-request";
import { msSince } from "./clock";
import { RawPoster, type RawAnswer } from "./raw-post";
import { round } from "./stats";
import type { ClientStageCosts } from "./types";
import { BENCH_TOKEN } from "./token";

const MAILING_ID = 82;

/** Microseconds per call of validate, encode and decode for one format and endpoint. */
export async function measureStageCosts(format: WireFormat, endpoint: "getStatus" | "activate", iterations: number): Promise<ClientStageCosts> {
  const answer = await realAnswer(format, endpoint);
  const params = { id: MAILING_ID };
  const wire = toWireParams(endpoint, params, format);
  const ctx: CallContext = {
    endpoint: ENDPOINTS[endpoint],
    requestId: "00000000-0000-4000-8000-000000000000",
    mailingId: MAILING_ID,
    token: BENCH_TOKEN,
    format,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  };
  const http = { status: answer.status, headers: { "content-type": answer.contentType }, body: answer.body };
  const decode = (): unknown => {
    const outcome = classifyAnswer(ctx, http, Date.now());
    if (!outcome.ok) throw outcome.error;
    return endpoint === "getStatus" ? decodeStatus(outcome.envelope) : undefined;
  };
  decode();
  return {
    format,
    endpoint,
    iterations,
    validateUs: loopUs(iterations, () => toWireParams(endpoint, params, format)),
    encodeUs: loopUs(iterations, () => encodeRequestBody(format, wire, BENCH_TOKEN, "body")),
    decodeUs: loopUs(iterations, decode),
  };
}

/** A real answer from the emulator for the call, to decode in the loop. */
async function realAnswer(format: WireFormat, endpoint: EndpointName): Promise<RawAnswer> {
  const emulator = await startEmulator({ tokens: [BENCH_TOKEN], mailings: [{ id: MAILING_ID }] });
  const raw = new RawPoster(emulator.url);
  try {
    return await raw.post(clientRequest(endpoint, { id: MAILING_ID }, format, BENCH_TOKEN));
  } finally {
    raw.close();
    await emulator.close();
  }
}

/** Mean microseconds per run of `work` over `iterations` runs, after a short warm-up. */
function loopUs(iterations: number, work: () => unknown): number {
  let sink: unknown;
  for (let i = 0; i < Math.min(1_000, iterations); i++) sink = work();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink = work();
  const elapsed = msSince(start);
  if (sink === Symbol.for("never")) console.log(sink);
  return round((elapsed * 1000) / iterations, 2);
}
