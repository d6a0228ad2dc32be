/**
 * Secret scrubbing. Altcraft carries the token in the request body (and optionally a header), and a server may echo
 * it back, or echo a secret parameter value (`content`, `attach`), so anything an error or event derives from a
 * request or response passes through here first.
 */

/** What replaces a secret. */
export const REDACTED = "[REDACTED]";

/** One secret or several (the token plus a call's `sensitiveValues`); `undefined` means nothing to scrub. */
export type Secrets = string | readonly string[] | undefined;

/** The spellings a secret can take on the wire: raw, JSON-escaped, URL-encoded and XML-escaped (text and attribute style). Longest first. */
export function tokenSpellings(token: string): string[] {
  if (!token) return [];
  const spellings = new Set<string>([
    token,
    JSON.stringify(token).slice(1, -1),
    encodeURIComponent(token),
    escapeXmlText(token),
    escapeXmlText(token).replace(/"/g, "&quot;").replace(/'/g, "&apos;"),
  ]);
  return [...spellings].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

function escapeXmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A function that replaces every spelling of every secret with {@link REDACTED} in one pass, longest spelling first,
 * so a secret that is part of another never leaves the other's remains behind.
 */
export function compileRedactor(secrets: Secrets): (text: string) => string {
  const list = typeof secrets === "string" ? [secrets] : (secrets ?? []);
  const spellings = [...new Set(list.flatMap(tokenSpellings))].sort((a, b) => b.length - a.length);
  if (spellings.length === 0) return (text) => text;
  const pattern = new RegExp(spellings.map(escapeRegExp).join("|"), "g");
  return (text) => text.replace(pattern, REDACTED);
}

/** Replaces every spelling of the token (or of each given secret) in `text` with {@link REDACTED}. No secret leaves the text as is. */
export function redactToken(text: string, secrets: Secrets): string {
  return compileRedactor(secrets)(text);
}

/**
 * Scrubs the secrets from every string reachable from `value`, in place: own properties (enumerable or not, so an
 * error's `message` and `stack` too), nested objects, arrays and `cause` chains. Returns `value`.
 */
export function redactDeep<T>(value: T, secrets: Secrets): T {
  const redact = compileRedactor(secrets);
  walk(value, redact, new WeakSet<object>());
  return value;
}

/**
 * Error properties set by the client itself from its own constants or the caller's own choice, never from a request
 * or response: scrubbing them could only corrupt a label the caller branches on (a short secret inside
 * "AltcraftConfigError", a 4-digit secret inside a UUID Request-ID). A Request-ID holding the token is refused up front.
 */
const ERROR_LABEL_KEYS: ReadonlySet<string> = new Set(["name", "kind", "requestId", "endpoint"]);

function walk(value: unknown, redact: (text: string) => string, seen: WeakSet<object>): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  const isError = value instanceof Error;
  for (const key of Object.getOwnPropertyNames(value)) {
    if (isError && ERROR_LABEL_KEYS.has(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor || !("value" in descriptor)) continue;
    const item: unknown = descriptor.value;
    if (typeof item === "string") {
      const clean = redact(item);
      if (clean !== item) replaceProperty(value, key, descriptor, clean);
    } else {
      walk(item, redact, seen);
    }
  }
}

function replaceProperty(target: object, key: string, descriptor: PropertyDescriptor, clean: string): void {
  try {
    Object.defineProperty(target, key, { ...descriptor, value: clean });
  } catch {
    // A frozen foreign object cannot be cleaned; the client never attaches one to its errors.
  }
}

/** A short, single-line, secret-free start of a body for error messages. Secrets are removed before cutting. */
export function bodySnippet(body: string, secrets: Secrets, maxChars = 200): string {
  const clean = redactToken(body, secrets).replace(/\s+/g, " ").trim();
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean;
}
