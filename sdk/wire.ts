/** Request encoding: the body bytes and the headers of one call, in JSON or XML. */

import { DEDUP_HEADER_SPELLINGS } from "./codes";
import type { TokenPlacement, WireFormat } from "./types";
import { encodeXmlDocument } from "./xml";

/** The media type of each wire format. */
export const MEDIA_TYPES: Readonly<Record<WireFormat, string>> = {
  json: "application/json",
  xml: "application/xml",
};

/**
 * The request body: the token first (when it travels in the body), then the wire parameters in their order.
 * JSON has no whitespace; XML is the `<xml>` document the docs show: one element per line, without indentation.
 */
export function encodeRequestBody(
  format: WireFormat,
  wireParams: Record<string, unknown>,
  token: string,
  placement: TokenPlacement,
): string {
  const document = placement === "body" ? { token, ...wireParams } : { ...wireParams };
  return format === "xml" ? encodeXmlDocument(document) : JSON.stringify(document);
}

/** The headers of one call; the same on every attempt. */
export function requestHeaders(input: {
  format: WireFormat;
  token: string;
  placement: TokenPlacement;
  requestId: string;
  userAgent: string;
}): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": MEDIA_TYPES[input.format],
    Accept: MEDIA_TYPES[input.format],
    "User-Agent": input.userAgent,
  };
  // Both spellings: older platform versions de-duplicate on X-Request-ID only, and a retry must be replayed there too.
  for (const name of DEDUP_HEADER_SPELLINGS.requestId) headers[name] = input.requestId;
  if (input.placement === "header") headers["Authorization"] = `Bearer ${input.token}`;
  return headers;
}
