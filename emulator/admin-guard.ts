/**
 * Keeps web pages away from the unauthenticated admin API (issue 12). A page the user visits can send "simple"
 * cross-site requests (a `text/plain` POST needs no CORS preflight) and, by DNS rebinding, can make its own host name
 * resolve to 127.0.0.1 and read the answers. So the admin API:
 * - requires `Content-Type: application/json` on POST: a cross-site JSON POST needs a preflight the emulator never grants;
 * - requires a `Host` that names the emulator (loopback or the bound address, with its port): a rebound page sends
 *   its own name;
 * - refuses a browser's cross-site request outright (`Origin` of another host, `Sec-Fetch-Site: cross-site`).
 */
import type { IncomingMessage } from "node:http";

/** Why a request is refused, as an HTTP status and a message. */
export interface AdminRefusal {
  status: number;
  error: string;
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];
const WILDCARDS = new Set(["0.0.0.0", "[::]"]);

/** `name` with a port appended when it has none (an entry may name its own port, e.g. "emulator:8080"). */
function withPort(name: string, port: number): string {
  const lower = name.trim().toLowerCase();
  return /:\d+$/.test(lower) && !/^[^[]*:.*:/.test(lower) ? lower : `${lower}:${port}`;
}

/** Every `host:port` the admin API accepts: loopback names, the bound address (unless a wildcard) and `extra`. */
export function adminHostSet(port: number, boundHost: string, extra: readonly string[]): ReadonlySet<string> {
  const names = [...LOOPBACK_NAMES, ...(WILDCARDS.has(boundHost) ? [] : [boundHost])];
  const hosts = new Set([...names, ...extra].map((name) => withPort(name, port)));
  // Browsers drop the default port from Host, so on port 80 a bare name must match too.
  if (port === 80) for (const name of [...names, ...extra]) hosts.add(name.trim().toLowerCase());
  return hosts;
}

function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.port === "" ? `${url.hostname}:${url.protocol === "https:" ? 443 : 80}` : url.host;
  } catch {
    return undefined;
  }
}

/** The reason to refuse an admin request, or undefined when it may proceed. */
export function adminRefusal(req: IncomingMessage, allowedHosts: ReadonlySet<string>): AdminRefusal | undefined {
  const host = req.headers.host?.trim().toLowerCase();
  if (!host || !allowedHosts.has(host)) {
    return {
      status: 403,
      error: `the admin API answers only requests whose Host names the emulator (${[...allowedHosts].join(", ")}); add the name with adminHosts / --admin-host`,
    };
  }
  const origin = req.headers.origin;
  const fetchSite = req.headers["sec-fetch-site"];
  const foreignOrigin = origin !== undefined && origin !== "null" && !allowedHosts.has(originHost(origin) ?? "");
  if (foreignOrigin || origin === "null" || fetchSite === "cross-site") {
    return { status: 403, error: "the admin API refuses cross-site requests from web pages" };
  }
  if (req.method === "POST") {
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") return { status: 415, error: "admin POST requests must have Content-Type: application/json" };
  }
  return undefined;
}
