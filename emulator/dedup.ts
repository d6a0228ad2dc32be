/**
 * The platform's request de-duplication: a repeat within the window gets the original response and is not
 * executed again. Keys are hashes, so the token that takes part in them is never stored in clear.
 *
 * Source: the request de-duplication page, https://guides.altcraft.com/en/developer-guide/miscellaneous/41484312 (window 24 h = `API_DEDUPLICATION_LIVE_TIME_SEC`,
 * key = `Request-ID` + token or a checksum of the request, repeats answered with the original response plus
 * `Duplicate-Request: true` and `Duplicate-Key`). The caps are the emulator's own: the docs name no limit.
 */
import { createHash } from "node:crypto";

/** A response as it went out the first time, kept for replays. */
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Entry {
  at: number;
  bytes: number;
  response: CachedResponse;
}

/** Caps of the cache, so a stream of fresh Request-IDs cannot grow it without bound within the 24-hour window. */
export interface DedupLimits {
  maxEntries: number;
  maxBytes: number;
}

/**
 * The duplicate-marker header names per style. "current": https://guides.altcraft.com/en/developer-guide/miscellaneous/41484312; "legacy": older revisions of the same
 * page, still published (the v72/v73 documentation trees), spell them with "X-".
 */
export const DUPLICATE_HEADER_NAMES = {
  current: { duplicate: "Duplicate-Request", duplicateKey: "Duplicate-Key" },
  legacy: { duplicate: "X-Duplicate-Request", duplicateKey: "X-Duplicate-Key" },
} as const;

function sizeOf(response: CachedResponse): number {
  let bytes = response.body.length + 64;
  for (const [name, value] of Object.entries(response.headers)) bytes += name.length + value.length;
  return bytes;
}

interface Pending {
  done: Promise<void>;
  release: () => void;
}

function sha256(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** The key of a request that carries a `Request-ID`: Request-ID + token, like the platform. */
export function requestIdKey(requestId: string, token: string): string {
  return sha256("request-id", requestId, token);
}

/** The checksum key of a request without `Request-ID`: token, path with query, and the exact body. */
export function checksumKey(token: string, pathWithQuery: string, body: string): string {
  return sha256("checksum", token, pathWithQuery, body);
}

/** Cached responses within a sliding window, plus the requests still executing under each key. */
export class DedupCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly limits: DedupLimits = { maxEntries: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY },
  ) {}

  /** How many responses are kept now. */
  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }

  /** The cached response of a key, if it is still inside the window. */
  lookup(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at < this.windowMs) return entry.response;
    this.drop(key);
    return undefined;
  }

  /**
   * Keeps a response for replays, and drops expired entries (oldest first, so pruning stops at the first live one),
   * then the oldest live ones while a cap is exceeded.
   */
  store(key: string, response: CachedResponse): void {
    const now = this.now();
    this.drop(key);
    const bytes = sizeOf(response);
    this.entries.set(key, { at: now, bytes, response });
    this.bytes += bytes;
    for (const [oldKey, entry] of this.entries) {
      const expired = now - entry.at >= this.windowMs;
      const overCap = this.entries.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes;
      if (!expired && !overCap) break;
      this.drop(oldKey);
    }
  }

  /** Resolves when the request executing under this key finishes, or undefined when none is. */
  inFlight(key: string): Promise<void> | undefined {
    return this.pending.get(key)?.done;
  }

  /** Marks a key as executing; call the returned function when its response is cached (or it failed). */
  begin(key: string): () => void {
    let resolve: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    const pending: Pending = {
      done,
      release: () => {
        if (this.pending.get(key) === pending) this.pending.delete(key);
        resolve();
      },
    };
    this.pending.set(key, pending);
    return pending.release;
  }

  /** Forgets every response and wakes every waiter. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    for (const pending of [...this.pending.values()]) pending.release();
  }
}
