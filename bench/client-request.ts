/**
 * What the client sends for one call, rebuilt from the client's own encoders so the baselines POST the same bytes
 * and headers: the raw request and an axios instance configured the way the client's transport configures it.
 */
import axios, { type AxiosInstance } from "axios";
import * as http from "node:http";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT } from "../sdk/config";
import { endpointPath, type EndpointName } from "../sdk/endpoints";
import { toWireParams } from "../sdk/params";
import { MAX_REQUEST_BYTES } from "../sdk/transport";
import type { WireFormat } from "../sdk/types";
import { DEDUP_HEADER_SPELLINGS } from "../sdk/codes";
import { encodeRequestBody, requestHeaders } from "../sdk/wire";
import type { RawRequest } from "./raw-post";

/**
 * The Accept-Encoding axios' http adapter adds to every request (axios 1.x, `decompress` on). The raw baseline sends
 * it too, so both put the same header bytes on the wire; the emulator never compresses, so it changes no answer.
 */
export const AXIOS_ACCEPT_ENCODING = "gzip, compress, deflate, br";

/** The request the client makes for `method(params)`, with the token in the body (the client's default). */
export function clientRequest(method: EndpointName, params: Record<string, unknown>, format: WireFormat, token: string): RawRequest {
  const wire = toWireParams(method, params, format);
  const headers = requestHeaders({ format, token, placement: "body", requestId: "unused", userAgent: DEFAULT_USER_AGENT });
  // Every spelling of the Request-ID is per call: the poster sets them all to one fresh value, as the client does.
  for (const name of DEDUP_HEADER_SPELLINGS.requestId) delete headers[name];
  return { path: endpointPath(method), body: encodeRequestBody(format, wire, token, "body"), headers: { ...headers, "Accept-Encoding": AXIOS_ACCEPT_ENCODING } };
}

/**
 * An axios instance with the client transport's settings (sdk/transport.ts): the http adapter, keep-alive with axios'
 * own TCP keep-alive delay, no transforms, no redirects, no proxy (the client never proxies a loopback server).
 */
export function clientLikeAxios(): { instance: AxiosInstance; agent: http.Agent } {
  const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  const instance = axios.create({
    adapter: "http",
    httpAgent: agent,
    proxy: false,
    responseType: "arraybuffer",
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: DEFAULT_MAX_RESPONSE_BYTES,
    maxBodyLength: MAX_REQUEST_BYTES,
  });
  return { instance, agent };
}

/** One axios POST the way the client makes an attempt (a Buffer body, an abort signal on a total deadline); resolves with the HTTP status. */
export async function axiosPost(instance: AxiosInstance, baseUrl: string, request: RawRequest, requestId: string): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DEFAULT_TIMEOUT_MS);
  try {
    const response = await instance.request({
      method: "POST",
      url: baseUrl + request.path,
      data: Buffer.from(request.body, "utf8"),
      headers: { ...request.headers, ...requestIdHeaders(requestId) },
      signal: controller.signal,
    });
    return response.status;
  } finally {
    clearTimeout(timer);
  }
}

/** The Request-ID under every spelling the client sends it. */
export function requestIdHeaders(requestId: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of DEDUP_HEADER_SPELLINGS.requestId) headers[name] = requestId;
  return headers;
}
