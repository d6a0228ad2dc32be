/**
 * A tiny `node:http` server that answers each request with a raw, scripted reply chosen by the request's
 * `Request-ID` header, so many broken responses can be served in parallel from one server. Replies can also break
 * the HTTP exchange itself (a body shorter than declared, a garbage status line, a body that stops half-way).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** How the reply breaks the HTTP exchange, beyond its body. */
export type WireTrick =
  /** Declares a Content-Length larger than the body, sends the body, then closes the connection. */
  | "declare-longer"
  /** Sends the first half of the body chunked, then destroys the socket. */
  | "cut-chunked"
  /** Writes a line that is not an HTTP status line, then closes. */
  | "garbage-status-line"
  /** Sends the head and half the body, then never finishes (only the client's timeout ends it). */
  | "hang-mid-body";

/** One raw reply. */
export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Send the body in two writes (chunked transfer encoding) instead of with a Content-Length. */
  chunked?: boolean;
  wire?: WireTrick;
}

/** A running raw server. */
export interface RawServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Request-IDs received, in arrival order (one per HTTP request, so retries show up twice). */
  received: string[];
  /** The reply for requests carrying `requestId`. */
  set(requestId: string, reply: RawReply): void;
  close(): Promise<void>;
}

const NOT_SCRIPTED: RawReply = {
  status: 500,
  headers: { "Content-Type": "text/plain" },
  body: Buffer.from("raw-server: no reply scripted for this Request-ID"),
};

/** Starts a raw server on 127.0.0.1, port 0. */
export async function startRawServer(): Promise<RawServer> {
  const replies = new Map<string, RawReply>();
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const requestId = String(req.headers["request-id"] ?? "");
      received.push(requestId);
      answer(replies.get(requestId) ?? NOT_SCRIPTED, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    set: (requestId, reply) => void replies.set(requestId, reply),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(reply: RawReply, req: http.IncomingMessage, res: http.ServerResponse): void {
  const half = reply.body.subarray(0, Math.floor(reply.body.length / 2));
  switch (reply.wire) {
    case "declare-longer":
      res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(reply.body.length + 100) });
      res.write(reply.body, () => req.socket.destroy());
      return;
    case "cut-chunked":
      res.writeHead(reply.status, reply.headers);
      res.write(half, () => req.socket.destroy());
      return;
    case "garbage-status-line":
      req.socket.end("THIS IS NOT HTTP\r\n\r\n");
      return;
    case "hang-mid-body":
      res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(reply.body.length) });
      res.write(half);
      return;
    case undefined:
      break;
  }
  if (reply.chunked) {
    res.writeHead(reply.status, reply.headers);
    res.write(half);
    res.end(reply.body.subarray(half.length));
    return;
  }
  res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(reply.body.length) });
  res.end(reply.body);
}
