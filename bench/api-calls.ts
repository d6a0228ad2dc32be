/** API calls as the server saw them, told apart by endpoint: reads, writes and rate-limit refusals. */
import type { WireRecord } from "./wire-log";

const API_PREFIX = "/api/v1.1/";

/**
 * Endpoints that change a mailing. Listed here rather than taken from the SDK: the bench judges what the provider
 * sends, so it must not share the provider's own idea of what a write is.
 */
export const WRITE_ENDPOINTS: ReadonlySet<string> = new Set(["campaigns/activate", "campaigns/deactivate", "campaigns/clone", "campaigns/delete"]);

/** `/api/v1.1/campaigns/activate/` → `campaigns/activate`; paths outside the API are kept as they are. */
export function endpointOf(path: string): string {
  const trimmed = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path;
  return trimmed.endsWith("/") ? trimmed.slice(0, -1) : trimmed;
}

/** Calls in one window: every request that reached the server, split into reads and writes, plus 429 refusals. */
export interface CallTally {
  /** Requests answered with anything but 429. */
  calls: number;
  reads: number;
  writes: number;
  /** Requests refused with HTTP 429 (they count against no goal but the rate limit's). */
  rejected429: number;
  /** Calls per endpoint, e.g. `{ "campaigns/get": 1, "campaigns/activate": 1 }`. */
  byEndpoint: Record<string, number>;
}

/** Tallies a window of the wire log. */
export function tally(records: readonly WireRecord[]): CallTally {
  const result: CallTally = { calls: 0, reads: 0, writes: 0, rejected429: 0, byEndpoint: {} };
  for (const record of records) {
    if (record.status === 429) {
      result.rejected429++;
      continue;
    }
    const endpoint = endpointOf(record.path);
    result.calls++;
    if (WRITE_ENDPOINTS.has(endpoint)) result.writes++;
    else result.reads++;
    result.byEndpoint[endpoint] = (result.byEndpoint[endpoint] ?? 0) + 1;
  }
  return result;
}

/** `campaigns/get + campaigns/activate`, in a stable order; "none" for an empty window. */
export function describeEndpoints(byEndpoint: Record<string, number>, perResource = 1): string {
  const parts = Object.keys(byEndpoint)
    .sort()
    .map((endpoint) => {
      const count = (byEndpoint[endpoint] ?? 0) / perResource;
      return count === 1 ? endpoint : `${Number.isInteger(count) ? count : count.toFixed(2)} × ${endpoint}`;
    });
  return parts.length > 0 ? parts.join(" + ") : "none";
}
