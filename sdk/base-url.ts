import { API_PREFIX } from "./endpoints";
import { AltcraftConfigError } from "./errors";
import { REDACTED, redactToken } from "./redact";

/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * A URL (or URL-like text) fit for a message: everything between the scheme and the last `@`, i.e. `user:password`,
 * becomes {@link REDACTED}. Works on text that is no valid URL too, so a malformed one never shows a password.
 */
export function withoutCredentials(text: string): string {
  const scheme = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? "";
  const rest = text.slice(scheme.length);
  // Cut at the last @, not at the first / ? #: a mistyped password may hold those, and over-hiding costs nothing.
  const at = rest.lastIndexOf("@");
  if (at < 0) return text;
  return `${scheme}${REDACTED}${rest.slice(at)}`;
}

/** The API prefix as path segments (`api/v1.1`), matched anywhere in a base URL's path. */
const API_PREFIX_PATTERN = new RegExp(`(^|/)${API_PREFIX.replace(/^\/|\/$/g, "").replace(/[.]/g, "\\.")}(/|$)`, "i");

/**
 * Validates a base URL and returns it without a trailing slash, keeping any path prefix
 * (`https://host/altcraft/` → `https://host/altcraft`). Plain http is refused for non-loopback hosts
 * unless `allowInsecureHttp`, because the token would cross the network in clear text. Credentials in the URL are
 * refused and never shown. A path holding the API prefix (`/api/v1.1`) is refused with the URL to use instead:
 * the client adds the prefix itself.
 */
export function normalizeBaseUrl(raw: string, allowInsecureHttp: boolean, token: string | undefined): string {
  const shown = JSON.stringify(withoutCredentials(redactToken(raw, token)));
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
  const prefix = API_PREFIX_PATTERN.exec(url.pathname);
  if (prefix) {
    const keep = `${url.origin}${url.pathname.slice(0, prefix.index).replace(/\/+$/, "")}`;
    throw new AltcraftConfigError(
      "baseUrl",
      `baseUrl must not include the API prefix ${API_PREFIX.replace(/\/$/, "")}: the client adds it to every call; ` +
        `drop "${url.pathname.slice(prefix.index)}" and use ${JSON.stringify(redactToken(keep, token))}`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Joins a normalised base URL and an endpoint path (`/api/v1.1/...`). */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl + (path.startsWith("/") ? path : `/${path}`);
}
