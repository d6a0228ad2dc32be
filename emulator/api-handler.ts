/**
 * One API request, end to end: route → rate limit → parse → token → de-dup → faults → validate → execute → respond.
 * Envelope errors answer HTTP 200 (the platform's transport-level success); only routing errors, rate limits
 * and faults use other HTTP statuses.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ERROR_CODES } from "../sdk/codes";
import { API_PREFIX, MUTATING_ENDPOINTS, type EndpointName } from "../sdk/endpoints";
import { authenticate, findToken } from "./auth";
import { parseBody } from "./body";
import type { EmulatorContext } from "./context";
import { checksumKey, DUPLICATE_HEADER_NAMES, requestIdKey, type CachedResponse } from "./dedup";
import { encodeEnvelope, type WireFormat } from "./encoding";
import { malformedFaultResponse, rateLimitedFaultResponse, statusFaultResponse, tooManyRequests } from "./fault-responses";
import { headersSize, headerValue, redactHeaders, send, type OutgoingResponse } from "./http-io";
import { bodyFormatOf, responseFormatOf } from "./negotiation";
import { fail, OPERATIONS, type Envelope } from "./operations";
import { peekMailingId, validateParams } from "./params";
import { endpointForPath } from "./routing";
import type { EnvelopeFault, Fault } from "./types";

/** Accounted bytes of a record beyond its body and headers (path, field names, numbers). */
const RECORD_OVERHEAD_BYTES = 256;

/** The envelope `error` of an unknown method path. Not 404: that is the mailing-not-found code, and a client
 * must never mistake a wrong base URL for a deleted mailing. */
export const UNKNOWN_METHOD_ERROR = ERROR_CODES.badRequest;
/** The envelope `error` of a non-POST request (HTTP 405). */
export const METHOD_NOT_ALLOWED_ERROR = 405;

function envelopeResponse(status: number, envelope: Envelope, format: WireFormat, headers: Record<string, string> = {}): OutgoingResponse {
  const encoded = encodeEnvelope(envelope, format);
  return { status, headers: { "content-type": encoded.contentType, ...headers }, body: encoded.body };
}

/**
 * A replay: the original status and body plus the duplicate markers (docs: "Duplicate-Request: true" and
 * "Duplicate-Key"; older revisions spell them with "X-"). Repeated, each marker goes out as two header lines.
 */
function replay(ctx: EmulatorContext, cached: CachedResponse, key: string): OutgoingResponse {
  const names = DUPLICATE_HEADER_NAMES[ctx.duplicateHeaderStyle];
  const value = (text: string): string | string[] => (ctx.duplicateHeaderRepeated ? [text, text] : text);
  return {
    ...cached,
    headers: { ...cached.headers, [names.duplicate.toLowerCase()]: value("true"), [names.duplicateKey.toLowerCase()]: value(key) },
  };
}

/** An envelope-fault response: the API's own error answer. */
function envelopeFaultResponse(fault: EnvelopeFault, format: WireFormat): OutgoingResponse {
  return envelopeResponse(fault.status ?? 200, fail(fault.error, fault.errorText ?? `Emulated API error ${fault.error}`), format);
}

/** The Request-ID from the first configured header the request carries. */
function findRequestId(ctx: EmulatorContext, req: IncomingMessage): string | undefined {
  for (const name of ctx.requestIdHeaders) {
    const value = headerValue(req.headers, name);
    if (value !== undefined) return value;
  }
  return undefined;
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
async function answerWithFault(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  fault: Fault,
  normal: OutgoingResponse | undefined,
  format: WireFormat,
): Promise<void> {
  switch (fault.type) {
    case "envelope":
      return send(res, envelopeFaultResponse(fault, format));
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
  const requestId = findRequestId(ctx, req);
  const path = redactTokens(url.pathname, ctx, found?.token);
  // Bodies are kept only for requests with an accepted token: anyone can send unauthenticated bulk (issue 12).
  const keepBody = found !== undefined && ctx.tokens.has(found.token);
  const headers = redactHeaders(req.headers, found ? [...ctx.tokens, found.token] : ctx.tokens);
  ctx.requests.push(
    {
      method,
      path,
      ...(endpoint ? { endpoint } : {}),
      headers,
      body: keepBody ? withoutToken(rawParams) : undefined,
      ...(keepBody || rawParams === undefined ? {} : { bodyOmitted: "unauthenticated" as const }),
      format: requestFormat === "xml" ? "xml" : "json",
      ...(found ? { tokenIn: found.location, tokenFingerprint: ctx.fingerprint(found.token) } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
      at: ctx.now(),
    },
    RECORD_OVERHEAD_BYTES + path.length + headersSize(headers) + (keepBody ? rawBody.length : 0),
  );

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
  await executeOnce(ctx, req, res, { endpoint, params: parsed.params, requestFormat, format, requestId, dedupKey, bodyBytes: rawBody.length });
}

interface Call {
  endpoint: EndpointName;
  params: Record<string, unknown>;
  requestFormat: WireFormat | "unsupported";
  format: WireFormat;
  requestId: string | undefined;
  dedupKey: string | undefined;
  /** Size of the raw body, the accounted size of the call's execution and launch records. */
  bodyBytes: number;
}

/** The API answered (success or failure): keep it for replays, failures only when `replayFailures` is on. */
function remember(ctx: EmulatorContext, call: Call, error: number, response: OutgoingResponse): void {
  if (call.dedupKey === undefined) return;
  if (error !== ERROR_CODES.success && !ctx.replayFailures) return;
  ctx.dedup.store(call.dedupKey, response as CachedResponse);
}

/** De-dup, faults and execution. A duplicate that arrives while the original is still running waits for it. */
async function executeOnce(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, call: Call): Promise<void> {
  let release: (() => void) | undefined;
  if (call.dedupKey !== undefined) {
    for (;;) {
      const cached = ctx.dedup.lookup(call.dedupKey);
      if (cached) return send(res, replay(ctx, cached, call.dedupKey));
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
      if (rule.fault.type === "envelope") {
        // The API itself refused: nothing ran, and the answer is replayable like any other API answer.
        const refused = envelopeFaultResponse(rule.fault, call.format);
        remember(ctx, call, rule.fault.error, refused);
        release?.();
        return send(res, refused);
      }
      if (rule.fault.type !== "delay") {
        release?.();
        return await answerWithFault(ctx, req, res, rule.fault, undefined, call.format);
      }
      await ctx.timers.sleep(rule.fault.ms);
      if (ctx.timers.closed) return; // close() cut the delay short: the emulator is gone, execute nothing
    }

    const envelope = execute(ctx, call);
    const response = envelopeResponse(200, envelope, call.format);
    // The docs make no exception for failures ("the response to the repeated request will be the same as the response
    // to the original one"), so by default a failure is replayed too; `replayFailures: false` re-evaluates it instead.
    remember(ctx, call, envelope.error, response);
    release?.();
    if (rule && after) return await answerWithFault(ctx, req, res, rule.fault, response, call.format);
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
    notFoundError: ctx.notFoundError,
    onLaunch: (launch) => ctx.launches.push(launch, RECORD_OVERHEAD_BYTES + call.bodyBytes),
  });
  const id = validated.params["id"];
  ctx.executions.push(
    {
      endpoint: call.endpoint,
      ...(typeof id === "number" ? { mailingId: id } : {}),
      params: validated.params,
      ...(call.requestId !== undefined ? { requestId: call.requestId } : {}),
      error: envelope.error,
      at: ctx.now(),
    },
    RECORD_OVERHEAD_BYTES + call.bodyBytes,
  );
  return envelope;
}
