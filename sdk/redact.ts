/**
 * Token scrubbing. Altcraft carries the token in the request body (and optionally a header), and a server may echo
 * it back, so anything an error or event derives from a request or response passes through here first.
 */

/** What replaces the token. */
export const REDACTED = "[REDACTED]";

/** The spellings the token can take on the wire: raw, JSON-escaped, URL-encoded and XML-escaped (text and attribute style). Longest first. */
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

/** Replaces every spelling of `token` in `text` with {@link REDACTED}. A missing token leaves the text as is. */
export function redactToken(text: string, token: string | undefined): string {
  if (!token) return text;
  let out = text;
  for (const spelling of tokenSpellings(token)) out = out.split(spelling).join(REDACTED);
  return out;
}

/**
 * Scrubs the token from every string reachable from `value`, in place: own properties (enumerable or not, so an
 * error's `message` and `stack` too), nested objects, arrays and `cause` chains. Returns `value`.
 */
export function redactDeep<T>(value: T, token: string | undefined): T {
  if (!token) return value;
  walk(value, token, new WeakSet<object>());
  return value;
}

/** Error properties set by the client's own classes, never from a request or response: a token cannot be in them. */
const ERROR_LABEL_KEYS: ReadonlySet<string> = new Set(["name", "kind"]);

function walk(value: unknown, token: string, seen: WeakSet<object>): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  const isError = value instanceof Error;
  for (const key of Object.getOwnPropertyNames(value)) {
    // Scrubbing them could only corrupt a label the caller branches on (a short token matching inside "AltcraftConfigError").
    if (isError && ERROR_LABEL_KEYS.has(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor || !("value" in descriptor)) continue;
    const item: unknown = descriptor.value;
    if (typeof item === "string") {
      const clean = redactToken(item, token);
      if (clean !== item) replaceProperty(value, key, descriptor, clean);
    } else {
      walk(item, token, seen);
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

/** A short, single-line, token-free start of a body for error messages. The token is removed before cutting. */
export function bodySnippet(body: string, token: string | undefined, maxChars = 200): string {
  const clean = redactToken(body, token).replace(/\s+/g, " ").trim();
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean;
}
