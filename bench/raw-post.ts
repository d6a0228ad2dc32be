import { randomUUID } from "node:crypto";
import * as http from "node:http";
import { DEDUP_HEADER_SPELLINGS } from "../sdk/codes";

/** A pre-encoded request: what the client would send, byte for byte, minus the per-call Request-ID. */
export interface RawRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

/** What came back, unparsed. */
export interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * The baseline: `http.request` POSTing a ready body over its own keep-alive agent and reading the whole answer
 * as text. No validation, no parsing: the least any client has to do.
 */
export class RawPoster {
  private readonly agent = new http.Agent({ keepAlive: true });
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  /** POSTs `request` with a fresh Request-ID under each spelling (the client sends one per call). */
  post(request: RawRequest): Promise<RawAnswer> {
    const body = Buffer.from(request.body, "utf8");
    const headers: Record<string, string> = { ...request.headers, "Content-Length": String(body.length) };
    const requestId = randomUUID();
    for (const name of DEDUP_HEADER_SPELLINGS.requestId) headers[name] = requestId;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method: "POST",
          path: request.path,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Frees the keep-alive socket. */
  close(): void {
    this.agent.destroy();
  }
}
