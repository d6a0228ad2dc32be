import { AltcraftConfigError } from "./errors";
import { redactToken } from "./redact";

/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Validates a base URL and returns it without a trailing slash, keeping any path prefix
 * (`https://host/altcraft/` → `https://host/altcraft`). Plain http is refused for non-loopback hosts
 * unless `allowInsecureHttp`, because the token would cross the network in clear text.
 */
export function normalizeBaseUrl(raw: string, allowInsecureHttp: boolean, token: string | undefined): string {
  const shown = JSON.stringify(redactToken(raw, token));
  const fail = (why: string): never => {
    throw new AltcraftConfigError("baseUrl", `baseUrl ${why}, got ${shown}; e.g. https://ru.altkraft.com`);
  };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail("must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") fail("must use https:// (or http:// for a local server)");
  if (url.username || url.password) fail("must not contain credentials; pass the token through the `token` option");
  if (url.search || url.hash || raw.includes("?") || raw.includes("#")) fail("must not have a query string or fragment");
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new AltcraftConfigError(
      "baseUrl",
      `baseUrl uses plain http:// for the non-loopback host ${JSON.stringify(url.hostname)}, which would send the token unencrypted; ` +
        "use https://, or set allowInsecureHttp: true if this is intended",
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Joins a normalised base URL and an endpoint path (`/api/v1.1/...`). */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl + (path.startsWith("/") ? path : `/${path}`);
}
