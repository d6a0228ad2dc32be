/**
 * A forwarding HTTP proxy put between the provider and the emulator. It measures what the emulator cannot report
 * itself (how many requests are in flight at once, which statuses went back) and can lose responses after the
 * emulator executed the call, on every attempt, which the emulator's own "after" faults cannot do (its de-dup
 * replays are answered before fault rules are consulted).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** Lose the responses of the next `times` requests whose path contains `pathIncludes`, after the upstream answered. */
export interface DropRule {
  pathIncludes: string;
  times: number;
}

/** A running proxy. */
export interface CountingProxy {
  /** `http://127.0.0.1:<port>`: use it as the provider's base URL. */
  url: string;
  /** Requests in flight right now (received, response not yet finished or abandoned). */
  readonly inFlight: number;
  /** The most requests ever in flight at once since the last {@link CountingProxy.resetCounters}. */
  readonly maxInFlight: number;
  /** How many responses went back with each HTTP status. */
  readonly statuses: ReadonlyMap<number, number>;
  /** Responses deliberately lost by drop rules. */
  readonly dropped: number;
  /** Adds a rule that loses responses (the socket is destroyed once the upstream answered). */
  dropResponses(rule: DropRule): void;
  resetCounters(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1, port 0, forwarding every request to `upstreamUrl`. */
export async function startCountingProxy(upstreamUrl: string): Promise<CountingProxy> {
  const upstream = new URL(upstreamUrl);
  const agent = new http.Agent({ keepAlive: true });
  const rules: DropRule[] = [];
  const statuses = new Map<number, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let dropped = 0;

  const takeDrop = (path: string): boolean => {
    const rule = rules.find((r) => r.times > 0 && path.includes(r.pathIncludes));
    if (!rule) return false;
    rule.times -= 1;
    return true;
  };

  const server = http.createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const drop = takeDrop(req.url ?? "");
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          if (drop) {
            dropped += 1;
            req.socket.destroy();
            return;
          }
          const status = answer.statusCode ?? 502;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (!res.destroyed) {
            res.writeHead(status, answer.headers);
            res.end(Buffer.concat(chunks));
          }
        });
      },
    );
    res.once("close", () => {
      if (counted) inFlight -= 1;
      counted = false;
      // The client gave up (its timeout): the emulator's side must go too, or a hung request outlives the test.
      if (!res.writableFinished) forward.destroy();
    });
    forward.on("error", () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    statuses,
    get dropped() {
      return dropped;
    },
    dropResponses: (rule) => void rules.push({ ...rule }),
    resetCounters: () => {
      maxInFlight = inFlight;
      statuses.clear();
      dropped = 0;
      rules.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
