/**
 * A tiny scripted HTTP server for client tests: records every request (method, path, headers, raw body) and answers
 * from a script, one reply per request, then with a fallback. Replies can also reset the socket, hang, or cut a body short.
 */

import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How the server answers one request. */
export type Reply =
  | { status?: number; headers?: Record<string, string>; body?: string | Buffer }
  /** Destroy the socket without answering (the client sees a reset / socket hang up). */
  | { reset: true }
  /** Never answer; the socket stays open until the client gives up or the server closes. */
  | { hang: true }
  /** Announce `declaredLength` bytes, send `body`, then destroy the socket. */
  | { truncate: { declaredLength: number; body: string } }
  /** Build the reply from the request (e.g. to echo it back). */
  | ((request: RecordedRequest) => Reply);

/** A running scripted server. */
export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Appends replies to the script. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

/** The success envelope `{"data":null,"error":0,"error_text":"Successful operation"}`. */
export const OK_BODY = '{"data":null,"error":0,"error_text":"Successful operation"}';

/** A JSON reply with the given envelope pieces. */
export function jsonEnvelope(data: unknown, error = 0, errorText = "Successful operation", extra: Record<string, unknown> = {}): Reply {
  return { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ data, error, error_text: errorText, ...extra }) };
}

/** An XML reply with the given inner document (without the <xml> root). */
export function xmlReply(inner: string, status = 200): Reply {
  return { status, headers: { "Content-Type": "application/xml" }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<xml>${inner}</xml>` };
}

/** Starts a server on 127.0.0.1, port 0. Requests beyond the script get `fallback` (a success envelope by default). */
export async function startScriptedServer(replies: Reply[] = [], fallback: Reply = { status: 200, headers: { "Content-Type": "application/json" }, body: OK_BODY }): Promise<ScriptedServer> {
  const queue = [...replies];
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(request);
      let reply = queue.shift() ?? fallback;
      while (typeof reply === "function") reply = reply(request);
      answer(reply, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    script: (...more) => queue.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(reply: Exclude<Reply, (request: RecordedRequest) => Reply>, res: http.ServerResponse): void {
  if ("reset" in reply) {
    res.socket?.destroy();
    return;
  }
  if ("hang" in reply) return;
  if ("truncate" in reply) {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(reply.truncate.declaredLength) });
    res.write(reply.truncate.body, () => res.socket?.destroy());
    return;
  }
  res.writeHead(reply.status ?? 200, reply.headers ?? {});
  res.end(reply.body ?? "");
}
