/** Serialises envelopes as JSON or as the flat `<xml>` documents the docs show. */
import { encodeXmlDocument } from "../sdk/xml";
import type { Envelope } from "./operations";

/** A wire format of the API. */
export type WireFormat = "json" | "xml";

/** A response body ready to send. */
export interface EncodedBody {
  contentType: string;
  body: string;
}

/** Content types the emulator answers with. */
export const CONTENT_TYPES = {
  json: "application/json; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  html: "text/html; charset=utf-8",
} as const;

/**
 * Encodes an envelope. In XML, `data: null` is `<data/>`, a list repeats `<data>` once per item (an empty list
 * is `<data/>` too), and extra fields such as `<total_count>` follow `<error_text>`.
 */
export function encodeEnvelope(envelope: Envelope, format: WireFormat): EncodedBody {
  if (format === "json") return { contentType: CONTENT_TYPES.json, body: JSON.stringify(envelope) };
  const { data, error, error_text, ...extra } = envelope;
  const xmlData = Array.isArray(data) && data.length === 0 ? null : data;
  return {
    contentType: CONTENT_TYPES.xml,
    body: encodeXmlDocument({ data: xmlData, error, error_text, ...extra }),
  };
}
