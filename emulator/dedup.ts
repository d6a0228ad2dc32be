/**
 * The platform's request de-duplication: a repeat within the window gets the original response and is not
 * executed again. Keys are hashes, so the token that takes part in them is never stored in clear.
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
  response: CachedResponse;
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

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** The cached response of a key, if it is still inside the window. */
  lookup(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at < this.windowMs) return entry.response;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps a response for replays, and drops expired entries (oldest first, so pruning stops at the first live one). */
  store(key: string, response: CachedResponse): void {
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { at: now, response });
    for (const [oldKey, entry] of this.entries) {
      if (now - entry.at < this.windowMs) break;
      this.entries.delete(oldKey);
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
    for (const pending of [...this.pending.values()]) pending.release();
  }
}
