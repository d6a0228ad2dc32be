/**
 * A scripted `node:http` server standing in for a hostile or misconfigured API: each request is answered by a
 * function of the request (so it can echo the token it was sent), and every path it was asked for is recorded.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the server saw it. */
export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The token the request carried, in its body (JSON `token` or XML `<token>`) or as a Bearer header. */
  token: string | undefined;
}

/** An answer: a status, headers and a body. */
export interface HostileReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A running hostile server. */
export interface HostileServer {
  url: string;
  requests: SeenRequest[];
  /** Replaces the answering function. */
  answer(handler: (request: SeenRequest) => HostileReply): void;
  close(): Promise<void>;
}

function tokenOf(body: string, headers: http.IncomingHttpHeaders): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(String(headers.authorization ?? ""))?.[1];
  if (bearer) return bearer;
  try {
    const parsed = JSON.parse(body) as { token?: unknown };
    if (typeof parsed.token === "string") return parsed.token;
  } catch {
    // Not JSON: try XML.
  }
  const xml = /<token>([^<]*)<\/token>/.exec(body)?.[1];
  return xml?.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

/** Starts a hostile server on 127.0.0.1, port 0 (answers 500 until {@link HostileServer.answer} is called). */
export async function startHostileServer(): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  let handler: (request: SeenRequest) => HostileReply = () => ({ status: 500, body: "no handler" });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const request = { path: req.url ?? "", headers: req.headers, body, token: tokenOf(body, req.headers) };
      requests.push(request);
      const reply = handler(request);
      const text = reply.body ?? "";
      res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(Buffer.byteLength(text)) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (next) => void (handler = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
