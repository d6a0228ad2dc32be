/** Starts and stops the emulator: the `node:http` server, socket tracking, and the public {@link Emulator} object. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { handleAdminRequest } from "./admin";
import { adminHostSet } from "./admin-guard";
import { handleApiRequest } from "./api-handler";
import { BoundedLog } from "./bounded-log";
import type { EmulatorContext } from "./context";
import { DedupCache } from "./dedup";
import { tokenFingerprinter } from "./fingerprint";
import { encodeEnvelope } from "./encoding";
import { FaultEngine } from "./faults";
import { readBody, send } from "./http-io";
import { fail } from "./operations";
import { seededRandom } from "./random";
import { TokenBucket } from "./rate-limit";
import { ADMIN_PREFIX } from "./routing";
import { loadSeedFile } from "./seed";
import { MailingStore } from "./store";
import { Timers } from "./timers";
import { ERROR_CODES } from "../sdk/codes";
import type { Emulator, EmulatorOptions, Execution, Launch, RecordedRequest, SeedMailing } from "./types";

/** The token the emulator accepts when none is configured. */
export const DEFAULT_EMULATOR_TOKEN = "emulator-token";
/** @default 24 h, the platform's `API_DEDUPLICATION_LIVE_TIME_SEC`. */
export const DEFAULT_DEDUP_WINDOW_MS = 86_400_000;
/** Idle sockets (hung requests included) are closed after this long. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** Records kept per log (requests, executions, launches) by default. */
export const DEFAULT_REQUEST_LOG_MAX_ENTRIES = 10_000;
/** Byte budget per log by default (32 MiB): a few dozen 0.5 MB bodies, or thousands of ordinary calls. */
export const DEFAULT_REQUEST_LOG_MAX_BYTES = 32 * 1024 * 1024;
/** Responses the de-dup cache keeps at most by default. */
export const DEFAULT_DEDUP_MAX_ENTRIES = 100_000;
/** Byte budget of the de-dup cache by default (64 MiB). */
export const DEFAULT_DEDUP_MAX_BYTES = 64 * 1024 * 1024;
/**
 * The Request-ID header of the current docs (https://guides.altcraft.com/en/developer-guide/miscellaneous/41484312). Older revisions describe "the header that contains
 * the request identifier" in an `X-Request-ID` style; add it with `requestIdHeaders`.
 */
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = ["Request-ID"];

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkOptions(options: EmulatorOptions): void {
  const nonNegative = (name: keyof EmulatorOptions, value: number | undefined): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a non-negative number`);
  };
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65535)) {
    throw new RangeError("port must be an integer from 0 to 65535");
  }
  if (options.tokens !== undefined && (options.tokens.length === 0 || !options.tokens.every((t) => typeof t === "string" && t !== ""))) {
    throw new RangeError("tokens must be a non-empty array of non-empty strings");
  }
  nonNegative("dedupWindowMs", options.dedupWindowMs);
  nonNegative("latencyMs", options.latencyMs);
  const positiveInteger = (name: keyof EmulatorOptions, value: number | undefined): void => {
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) throw new RangeError(`${name} must be a positive integer`);
  };
  positiveInteger("requestLogMaxEntries", options.requestLogMaxEntries);
  positiveInteger("requestLogMaxBytes", options.requestLogMaxBytes);
  positiveInteger("dedupMaxEntries", options.dedupMaxEntries);
  positiveInteger("dedupMaxBytes", options.dedupMaxBytes);
  positiveInteger("notFoundError", options.notFoundError);
  if (options.replayFailures !== undefined && typeof options.replayFailures !== "boolean") throw new RangeError("replayFailures must be true or false");
  if (options.duplicateHeaderRepeated !== undefined && typeof options.duplicateHeaderRepeated !== "boolean") {
    throw new RangeError("duplicateHeaderRepeated must be true or false");
  }
  if (options.duplicateHeaderStyle !== undefined && options.duplicateHeaderStyle !== "current" && options.duplicateHeaderStyle !== "legacy") {
    throw new RangeError('duplicateHeaderStyle must be "current" (Duplicate-Request) or "legacy" (X-Duplicate-Request)');
  }
  if (
    options.requestIdHeaders !== undefined &&
    (!Array.isArray(options.requestIdHeaders) || options.requestIdHeaders.length === 0 || !options.requestIdHeaders.every((h) => typeof h === "string" && HEADER_NAME.test(h)))
  ) {
    throw new RangeError('requestIdHeaders must be a non-empty array of header names, e.g. ["Request-ID", "X-Request-ID"]');
  }
  if (options.adminHosts !== undefined && (!Array.isArray(options.adminHosts) || !options.adminHosts.every((h) => typeof h === "string" && h.trim() !== ""))) {
    throw new RangeError("adminHosts must be an array of non-empty host names");
  }
  if (options.requestTimeoutMs !== undefined && !(Number.isFinite(options.requestTimeoutMs) && options.requestTimeoutMs > 0)) {
    throw new RangeError("requestTimeoutMs must be a positive number");
  }
}

/** Origin-form targets resolve against a dummy base; `//x` must stay a path, not become a host. */
function requestUrl(target: string | undefined): URL {
  const raw = target ?? "/";
  try {
    return raw.startsWith("/") ? new URL(`http://emulator${raw}`) : new URL(raw);
  } catch {
    return new URL("http://emulator/");
  }
}

/** Starts an emulator and resolves once it listens. Rejects on bad options, a bad seed or a busy port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  checkOptions(options);
  const clock = options.now ?? Date.now;
  let clockOffsetMs = 0;
  const now = (): number => clock() + clockOffsetMs;
  const logLimits = {
    maxEntries: options.requestLogMaxEntries ?? DEFAULT_REQUEST_LOG_MAX_ENTRIES,
    maxBytes: options.requestLogMaxBytes ?? DEFAULT_REQUEST_LOG_MAX_BYTES,
  };
  const initialSeeds: SeedMailing[] = [...(options.seedFile ? loadSeedFile(options.seedFile) : []), ...(options.mailings ?? [])];
  const store = new MailingStore(() => new Date(now()).toISOString());
  const seedStore = (): void => {
    store.clear();
    for (const seed of initialSeeds) store.put(seed);
  };
  seedStore();

  const ctx: EmulatorContext = {
    store,
    dedup: new DedupCache(options.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS, now, {
      maxEntries: options.dedupMaxEntries ?? DEFAULT_DEDUP_MAX_ENTRIES,
      maxBytes: options.dedupMaxBytes ?? DEFAULT_DEDUP_MAX_BYTES,
    }),
    faults: new FaultEngine(options.random ?? seededRandom(options.randomSeed ?? 1)),
    rateLimit: options.rateLimit ? new TokenBucket(options.rateLimit.requestsPerSecond, options.rateLimit.retryAfterSeconds, now) : undefined,
    tokens: new Set(options.tokens ?? [DEFAULT_EMULATOR_TOKEN]),
    now,
    timers: new Timers(),
    latencyMs: options.latencyMs ?? 0,
    requests: new BoundedLog<RecordedRequest>(logLimits),
    executions: new BoundedLog<Execution>(logLimits),
    launches: new BoundedLog<Launch>(logLimits),
    fingerprint: tokenFingerprinter(),
    replayFailures: options.replayFailures ?? true,
    duplicateHeaderStyle: options.duplicateHeaderStyle ?? "current",
    duplicateHeaderRepeated: options.duplicateHeaderRepeated ?? false,
    requestIdHeaders: (options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS).map((h) => h.toLowerCase()),
    notFoundError: options.notFoundError ?? ERROR_CODES.notFound,
  };
  let adminHosts: ReadonlySet<string> = new Set();

  let emulator: Emulator | undefined;
  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req.url);
    const body = await readBody(req);
    if (url.pathname.startsWith(ADMIN_PREFIX) && emulator) return handleAdminRequest(emulator, adminHosts, req, res, url, body.text);
    if (ctx.latencyMs > 0) await ctx.timers.sleep(ctx.latencyMs);
    if (ctx.timers.closed) return;
    return handleApiRequest(ctx, req, res, url, body.text, body.tooLarge);
  };

  const server = createServer((req, res) => {
    dispatch(req, res).catch(() => {
      // A bug must not take the emulator down: answer 500 (the request may already be gone).
      const encoded = encodeEnvelope(fail(500, "Internal emulator error"), "json");
      send(res, { status: 500, headers: { "content-type": encoded.contentType }, body: encoded.body });
    });
  });
  server.setTimeout(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  adminHosts = adminHostSet(address.port, host, options.adminHosts ?? []);

  let closing: Promise<void> | undefined;
  emulator = {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests: ctx.requests.entries,
    executions: ctx.executions.entries,
    launches: (mailingId?: number): Launch[] =>
      mailingId === undefined ? [...ctx.launches.entries] : ctx.launches.entries.filter((launch) => launch.mailingId === mailingId),
    requestLogStats: () => ctx.requests.stats(),
    tokenFingerprint: (token) => ctx.fingerprint(token),
    now,
    advanceClock: (ms) => {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError("advanceClock(ms): ms must be a non-negative number");
      clockOffsetMs += ms;
    },
    pauseMailing: (id) => {
      const mailing = store.get(id);
      if (!mailing) throw new RangeError(`pauseMailing: mailing ${id} does not exist`);
      // A pause in the UI goes through no API call: nothing is recorded, only the state changes.
      store.put({ ...store.snapshot(id)!, isActive: false, updateTime: new Date(now()).toISOString() });
    },
    faults: ctx.faults,
    mailing: (id) => store.snapshot(id),
    mailings: () => store.snapshots(),
    setMailing: (m) => void store.put(m),
    removeMailing: (id) => void store.remove(id),
    reset: () => {
      ctx.requests.clear();
      ctx.executions.clear();
      ctx.launches.clear();
      ctx.faults.clear();
      ctx.dedup.clear();
      ctx.rateLimit?.reset();
      seedStore();
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        ctx.timers.cancelAll();
        ctx.dedup.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
  return emulator;
}
