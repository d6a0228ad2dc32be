/**
 * One API request, end to end: route → rate limit → parse → token → de-dup → faults → validate → execute → respond.
 * Envelope errors answer HTTP 200 (the platform's transport-level success); only routing errors, rate limits
 * and faults use other HTTP statuses.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEDUP_HEADERS, ERROR_CODES } from "../sdk/codes";
import { API_PREFIX, MUTATING_ENDPOINTS, type EndpointName } from "../sdk/endpoints";
import { authenticate, findToken } from "./auth";
import { parseBody } from "./body";
import type { EmulatorContext } from "./context";
import { checksumKey, requestIdKey, type CachedResponse } from "./dedup";
import { encodeEnvelope, type WireFormat } from "./encoding";
import { malformedFaultResponse, rateLimitedFaultResponse, statusFaultResponse, tooManyRequests } from "./fault-responses";
import { headerValue, redactHeaders, send, type OutgoingResponse } from "./http-io";
import { bodyFormatOf, responseFormatOf } from "./negotiation";
import { fail, OPERATIONS, type Envelope } from "./operations";
import { peekMailingId, validateParams } from "./params";
import { endpointForPath } from "./routing";
import type { Fault } from "./types";

/** The envelope `error` of an unknown method path. Not 404: that is the mailing-not-found code, and a client
 * must never mistake a wrong base URL for a deleted mailing. */
export const UNKNOWN_METHOD_ERROR = ERROR_CODES.badRequest;
/** The envelope `error` of a non-POST request (HTTP 405). */
export const METHOD_NOT_ALLOWED_ERROR = 405;

function envelopeResponse(status: number, envelope: Envelope, format: WireFormat, headers: Record<string, string> = {}): OutgoingResponse {
  const encoded = encodeEnvelope(envelope, format);
  return { status, headers: { "content-type": encoded.contentType, ...headers }, body: encoded.body };
}

function replay(cached: CachedResponse, key: string): OutgoingResponse {
  return {
    ...cached,
    headers: { ...cached.headers, [DEDUP_HEADERS.duplicate.toLowerCase()]: "true", [DEDUP_HEADERS.duplicateKey.toLowerCase()]: key },
  };
}

/** Masks every known token (and the one sent) in text that echoes request data. */
function redactTokens(text: string, ctx: EmulatorContext, sent: string | undefined): string {
  let out = text;
  for (const token of sent ? [...ctx.tokens, sent] : ctx.tokens) {
    if (token && out.includes(token)) out = out.split(token).join("[REDACTED]");
  }
  return out;
}

function withoutToken(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!params) return undefined;
  const { token: _token, ...rest } = params;
  return rest;
}

/** Answers a request with a fault instead of the API's response. */
async function answerWithFault(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, fault: Fault, normal: OutgoingResponse | undefined): Promise<void> {
  switch (fault.type) {
    case "status":
      return send(res, statusFaultResponse(fault));
    case "rateLimited":
      return send(res, rateLimitedFaultResponse(fault));
    case "malformed":
      return send(res, malformedFaultResponse(fault));
    case "reset":
      req.socket.destroy();
      return;
    case "hang":
      // Never answered: the socket stays open until close() or the idle timeout.
      return;
    case "delay":
      await ctx.timers.sleep(fault.ms);
      if (normal) send(res, normal);
      return;
  }
}

/** Handles a request to an API path (anything outside the admin prefix). The body has been read already. */
export async function handleApiRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string, tooLarge: boolean): Promise<void> {
  const method = req.method ?? "GET";
  const endpoint = endpointForPath(url.pathname);
  const requestFormat = bodyFormatOf(headerValue(req.headers, "content-type"), rawBody);
  const parsed = tooLarge ? { ok: false as const, errorText: "Request body exceeds the 10 MB limit" } : parseBody(rawBody, requestFormat);
  const rawParams = parsed.ok ? parsed.params : undefined;
  const found = findToken(rawParams, req.headers, url.searchParams);
  const requestId = headerValue(req.headers, DEDUP_HEADERS.requestId.toLowerCase());
  const path = redactTokens(url.pathname, ctx, found?.token);

  ctx.requests.push({
    method,
    path,
    ...(endpoint ? { endpoint } : {}),
    headers: redactHeaders(req.headers),
    body: withoutToken(rawParams),
    format: requestFormat === "xml" ? "xml" : "json",
    ...(found ? { tokenIn: found.location } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    at: ctx.now(),
  });

  const format = responseFormatOf({
    queryFormat: url.searchParams.get("format"),
    bodyFormat: rawParams?.["format"],
    accept: headerValue(req.headers, "accept"),
    requestFormat,
  });

  if (method !== "POST") {
    const text = `HTTP method ${method} is not allowed: every Altcraft API method is called with POST`;
    return send(res, envelopeResponse(405, fail(METHOD_NOT_ALLOWED_ERROR, text), format, { allow: "POST" }));
  }
  if (!endpoint) {
    const text = `Unknown API method ${path}: mailings methods live under ${API_PREFIX}campaigns/ (activate/, deactivate, get_status, get, list, log_v2, clone, delete)`;
    return send(res, envelopeResponse(404, fail(UNKNOWN_METHOD_ERROR, text), format));
  }
  if (ctx.rateLimit) {
    const decision = ctx.rateLimit.take();
    if (!decision.allowed) return send(res, tooManyRequests(decision.retryAfterSeconds));
  }
  if (!parsed.ok) {
    return send(res, envelopeResponse(tooLarge ? 413 : 200, fail(ERROR_CODES.badRequest, parsed.errorText), format));
  }
  const auth = authenticate(found, ctx.tokens);
  if (!auth.ok) return send(res, envelopeResponse(200, auth.envelope, format));

  const dedupKey =
    requestId !== undefined
      ? requestIdKey(requestId, auth.token)
      : MUTATING_ENDPOINTS.has(endpoint)
        ? checksumKey(auth.token, url.pathname + url.search, rawBody)
        : undefined;
  await executeOnce(ctx, req, res, { endpoint, params: parsed.params, requestFormat, format, requestId, dedupKey });
}

interface Call {
  endpoint: EndpointName;
  params: Record<string, unknown>;
  requestFormat: WireFormat | "unsupported";
  format: WireFormat;
  requestId: string | undefined;
  dedupKey: string | undefined;
}

/** De-dup, faults and execution. A duplicate that arrives while the original is still running waits for it. */
async function executeOnce(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, call: Call): Promise<void> {
  let release: (() => void) | undefined;
  if (call.dedupKey !== undefined) {
    for (;;) {
      const cached = ctx.dedup.lookup(call.dedupKey);
      if (cached) return send(res, replay(cached, call.dedupKey));
      const running = ctx.dedup.inFlight(call.dedupKey);
      if (!running) break;
      await running;
    }
    release = ctx.dedup.begin(call.dedupKey);
  }
  try {
    const rule = ctx.faults.match(call.endpoint, peekMailingId(call.params));
    const after = rule?.phase === "after";
    if (rule && !after) {
      if (rule.fault.type !== "delay") {
        release?.();
        return await answerWithFault(ctx, req, res, rule.fault, undefined);
      }
      await ctx.timers.sleep(rule.fault.ms);
      if (ctx.timers.closed) return; // close() cut the delay short: the emulator is gone, execute nothing
    }

    const envelope = execute(ctx, call);
    const response = envelopeResponse(200, envelope, call.format);
    // Failed calls changed nothing, so only successes are kept for replays; a repeat of a failure is re-evaluated.
    if (call.dedupKey !== undefined && envelope.error === ERROR_CODES.success) ctx.dedup.store(call.dedupKey, response);
    release?.();
    if (rule && after) return await answerWithFault(ctx, req, res, rule.fault, response);
    send(res, response);
  } finally {
    release?.();
  }
}

/** Validates the params and runs the call; a call that passes validation is recorded as an execution. */
function execute(ctx: EmulatorContext, call: Call): Envelope {
  const validated = validateParams(call.endpoint, call.params, call.requestFormat === "xml");
  if (!validated.ok) return fail(ERROR_CODES.badRequest, validated.errorText);
  const envelope = OPERATIONS[call.endpoint](validated.params, {
    store: ctx.store,
    now: ctx.now,
    requestId: call.requestId,
    onLaunch: (launch) => ctx.launches.push(launch),
  });
  const id = validated.params["id"];
  ctx.executions.push({
    endpoint: call.endpoint,
    ...(typeof id === "number" ? { mailingId: id } : {}),
    params: validated.params,
    ...(call.requestId !== undefined ? { requestId: call.requestId } : {}),
    error: envelope.error,
    at: ctx.now(),
  });
  return envelope;
}
