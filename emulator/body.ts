/** Turns a request body into a flat params object, whatever its wire format. */
import { decodeXmlDocument } from "../sdk/xml";
import type { WireFormat } from "./encoding";

/** The outcome of {@link parseBody}. */
export type ParsedBody = { ok: true; params: Record<string, unknown> } | { ok: false; errorText: string };

/** Parses a JSON object or a flat `<xml>` document. An empty body is an empty params object. */
export function parseBody(text: string, format: WireFormat | "unsupported"): ParsedBody {
  if (format === "unsupported") {
    return { ok: false, errorText: "Unsupported Content-Type: send application/json or application/xml" };
  }
  if (text.trim() === "") return { ok: true, params: {} };
  if (format === "xml") {
    try {
      return { ok: true, params: decodeXmlDocument(text) };
    } catch (err) {
      return { ok: false, errorText: `Malformed XML body: ${(err as Error).message}` };
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, errorText: `Malformed JSON body: ${(err as Error).message}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, errorText: "Malformed JSON body: the body must be a JSON object of parameters" };
  }
  return { ok: true, params: parsed as Record<string, unknown> };
}
