/** The raw responses faults answer with: gateway pages, 429s and deliberately broken bodies. */
import { STATUS_CODES } from "node:http";
import { CONTENT_TYPES } from "./encoding";
import type { OutgoingResponse } from "./http-io";
import type { MalformedFault, RateLimitedFault, StatusFault } from "./types";

/** An nginx-style error page, as a gateway in front of the platform would send (no envelope). */
export function gatewayPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** HTTP 429 with `Retry-After`, used by rate limiting and the `rateLimited` fault. */
export function tooManyRequests(retryAfterSeconds: number): OutgoingResponse {
  return {
    status: 429,
    headers: { "content-type": CONTENT_TYPES.html, "retry-after": String(retryAfterSeconds) },
    body: gatewayPage(429),
  };
}

/** The response of a `status` fault. */
export function statusFaultResponse(fault: StatusFault): OutgoingResponse {
  return {
    status: fault.status,
    headers: { "content-type": fault.contentType ?? CONTENT_TYPES.html },
    body: fault.body ?? gatewayPage(fault.status),
  };
}

/** The response of a `rateLimited` fault. */
export function rateLimitedFaultResponse(fault: RateLimitedFault): OutgoingResponse {
  return tooManyRequests(fault.retryAfterSeconds ?? 1);
}

/** The response of a `malformed` fault. */
export function malformedFaultResponse(fault: MalformedFault): OutgoingResponse {
  return {
    status: fault.status ?? 200,
    headers: { "content-type": fault.contentType ?? CONTENT_TYPES.json },
    body: fault.body,
  };
}
