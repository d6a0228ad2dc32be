/**
 * A recording forward proxy on 127.0.0.1: answers plain-http absolute-URI requests itself with a success envelope
 * (as if it had forwarded them) and refuses CONNECT tunnels with 403, recording what it saw of each.
 */

import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { OK_BODY } from "./scripted-server";

/** What the proxy saw of one request: the request line's target and method, its headers and body. */
export interface ProxiedRequest {
  method: string;
  target: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A running recording proxy. */
export interface RecordingProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/** Starts the proxy on port 0. */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", target: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(OK_BODY);
    });
  });
  server.on("connect", (req: http.IncomingMessage, socket: import("node:stream").Duplex) => {
    requests.push({ method: req.method ?? "", target: req.url ?? "", headers: req.headers, body: "" });
    socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every environment variable a proxy resolver reads (both cases), so a test can own them and put them back. */
export const PROXY_ENV_NAMES = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"].flatMap((name) => [name, name.toLowerCase()]).concat([
  "npm_config_http_proxy",
  "npm_config_https_proxy",
  "npm_config_proxy",
  "npm_config_no_proxy",
]);

/** Sets exactly `values` among {@link PROXY_ENV_NAMES} (the rest unset); returns a function that restores the old ones. */
export function setProxyEnv(values: Record<string, string>): () => void {
  const saved = new Map(PROXY_ENV_NAMES.map((name) => [name, process.env[name]]));
  for (const name of PROXY_ENV_NAMES) delete process.env[name];
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
