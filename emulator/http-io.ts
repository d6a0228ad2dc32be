/** Reading request bodies and writing responses on raw `node:http` objects, defensively. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

/** A complete response: status, headers and body. */
export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
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

/** A copy of the headers safe to record: the credential-bearing ones are redacted. */
export function redactHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy: IncomingHttpHeaders = { ...headers };
  if (copy.authorization !== undefined) copy.authorization = "[REDACTED]";
  if (copy["proxy-authorization"] !== undefined) copy["proxy-authorization"] = "[REDACTED]";
  if (copy.cookie !== undefined) copy.cookie = "[REDACTED]";
  return copy;
}
