/**
 * Every HTTP request the emulator's process receives, seen at the socket through Node's `http.server.*` diagnostics
 * channels: what the provider really sent, independent of the emulator's own (capped) request log. Runs inside the
 * emulator's process (emulator-process.ts), so counting costs the measured client nothing.
 */
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";

/** One request as it reached the server: arrival time (epoch ms), path without the query, final HTTP status. */
export interface WireRecord {
  at: number;
  path: string;
  /** 0 while the answer is still pending. */
  status: number;
}

/** Paths of the emulator's admin API: not API calls. */
const ADMIN_PREFIX = "/__emulator/";

/** Starts recording; the returned list grows until `clear()`. */
export function recordWire(): { records: WireRecord[]; clear(): void } {
  const records: WireRecord[] = [];
  const pending = new WeakMap<IncomingMessage, WireRecord>();
  subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (path.startsWith(ADMIN_PREFIX)) return;
    const record: WireRecord = { at: Date.now(), path, status: 0 };
    records.push(record);
    pending.set(request, record);
  });
  subscribe("http.server.response.finish", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const record = pending.get(request);
    if (record) record.status = response.statusCode;
  });
  return { records, clear: () => void (records.length = 0) };
}
