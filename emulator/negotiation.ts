/** Picks the request's body format from its headers and the response format from what the client asks for. */
import type { WireFormat } from "./encoding";
import { requestedFormat } from "./params";

/**
 * The body format from `Content-Type`: XML for `application/xml` / `text/xml`, JSON for `application/json`.
 * A missing or other type (curl's default form type, say) is sniffed: a leading `<` means XML, `{` or `[` JSON,
 * an empty body JSON; anything else is unsupported.
 */
export function bodyFormatOf(contentType: string | undefined, body: string): WireFormat | "unsupported" {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type.endsWith("/xml") || type.endsWith("+xml")) return "xml";
  if (type.endsWith("/json") || type.endsWith("+json")) return "json";
  const start = body.trimStart().charAt(0);
  if (start === "<") return "xml";
  if (start === "{" || start === "[" || start === "") return "json";
  return "unsupported";
}

/** The first of json/xml that an `Accept` header names, in the header's order; wildcards name neither. */
function acceptedFormat(accept: string | undefined): WireFormat | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(",")) {
    const type = part.split(";")[0]?.trim().toLowerCase() ?? "";
    if (type.endsWith("/xml") || type.endsWith("+xml")) return "xml";
    if (type.endsWith("/json") || type.endsWith("+json")) return "json";
  }
  return undefined;
}

/**
 * The response format: a `format` param (query string first, then body) wins, then `Accept`,
 * then the request's own body format. JSON when nothing says otherwise.
 */
export function responseFormatOf(options: {
  queryFormat: string | null;
  bodyFormat: unknown;
  accept: string | undefined;
  requestFormat: WireFormat | "unsupported";
}): WireFormat {
  return (
    requestedFormat(options.queryFormat ?? undefined) ??
    requestedFormat(options.bodyFormat) ??
    acceptedFormat(options.accept) ??
    (options.requestFormat === "xml" ? "xml" : "json")
  );
}
