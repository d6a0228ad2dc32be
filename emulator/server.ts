/** Starts and stops the emulator: the `node:http` server, socket tracking, and the public {@link Emulator} object. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { handleAdminRequest } from "./admin";
import { handleApiRequest } from "./api-handler";
import type { EmulatorContext } from "./context";
import { DedupCache } from "./dedup";
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
import type { Emulator, EmulatorOptions, Launch, SeedMailing } from "./types";

/** The token the emulator accepts when none is configured. */
export const DEFAULT_EMULATOR_TOKEN = "emulator-token";
/** @default 24 h, the platform's `API_DEDUPLICATION_LIVE_TIME_SEC`. */
export const DEFAULT_DEDUP_WINDOW_MS = 86_400_000;
/** Idle sockets (hung requests included) are closed after this long. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

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
  const now = options.now ?? Date.now;
  const initialSeeds: SeedMailing[] = [...(options.seedFile ? loadSeedFile(options.seedFile) : []), ...(options.mailings ?? [])];
  const store = new MailingStore(() => new Date(now()).toISOString());
  const seedStore = (): void => {
    store.clear();
    for (const seed of initialSeeds) store.put(seed);
  };
  seedStore();

  const ctx: EmulatorContext = {
    store,
    dedup: new DedupCache(options.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS, now),
    faults: new FaultEngine(options.random ?? seededRandom(options.randomSeed ?? 1)),
    rateLimit: options.rateLimit ? new TokenBucket(options.rateLimit.requestsPerSecond, options.rateLimit.retryAfterSeconds, now) : undefined,
    tokens: new Set(options.tokens ?? [DEFAULT_EMULATOR_TOKEN]),
    now,
    timers: new Timers(),
    latencyMs: options.latencyMs ?? 0,
    requests: [],
    executions: [],
    launches: [],
  };

  let emulator: Emulator | undefined;
  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req.url);
    const body = await readBody(req);
    if (url.pathname.startsWith(ADMIN_PREFIX) && emulator) return handleAdminRequest(emulator, req, res, url, body.text);
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

  let closing: Promise<void> | undefined;
  emulator = {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests: ctx.requests,
    executions: ctx.executions,
    launches: (mailingId?: number): Launch[] =>
      mailingId === undefined ? [...ctx.launches] : ctx.launches.filter((launch) => launch.mailingId === mailingId),
    faults: ctx.faults,
    mailing: (id) => store.snapshot(id),
    mailings: () => store.snapshots(),
    setMailing: (m) => void store.put(m),
    removeMailing: (id) => void store.remove(id),
    reset: () => {
      ctx.requests.length = 0;
      ctx.executions.length = 0;
      ctx.launches.length = 0;
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
