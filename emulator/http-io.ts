/** Reading request bodies and writing responses on raw `node:http` objects, defensively. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

/** A complete response: status, headers and body. */
export interface OutgoingResponse {
  status: number;
  /** An array value is sent as that many header lines (how a proxy repeats a header). */
  headers: Record<string, string | string[]>;
  body: string;
}

/** The documented request size limit (10 MB). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The body as text, or `tooLarge` once it passes the limit (the rest is drained, not kept). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve({ text: Buffer.concat(chunks).toString("utf8"), tooLarge: size > limit }));
    req.on("error", reject);
  });
}

/** Sends a response unless the client (or `close()`) already ended the socket. */
export function send(res: ServerResponse, response: OutgoingResponse): void {
  if (res.destroyed || res.writableEnded || res.headersSent) return;
  res.writeHead(response.status, { ...response.headers, "content-length": String(Buffer.byteLength(response.body)) });
  res.end(response.body);
}

/** One header's value (the first, when repeated), trimmed; undefined when absent or blank. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value === "" ? undefined : value;
}

const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/**
 * A copy of the headers safe to record: the credential-bearing ones are redacted, and so is any other header whose
 * value contains one of `secrets` (a token sent in a header the API does not read is still a token).
 */
export function redactHeaders(headers: IncomingHttpHeaders, secrets: Iterable<string> = []): IncomingHttpHeaders {
  const copy: IncomingHttpHeaders = { ...headers };
  const list = [...secrets].filter((secret) => secret !== "");
  for (const [name, value] of Object.entries(copy)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join("\n") : value;
    if (CREDENTIAL_HEADERS.includes(name) || list.some((secret) => text.includes(secret))) copy[name] = "[REDACTED]";
  }
  return copy;
}

/** Accounted size of a header set: names and values as received. */
export function headersSize(headers: IncomingHttpHeaders): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    bytes += name.length + (Array.isArray(value) ? value.reduce((sum, v) => sum + v.length, 0) : (value?.length ?? 0));
  }
  return bytes;
}
