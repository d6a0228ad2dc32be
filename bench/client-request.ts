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
import { encodeRequestBody, requestHeaders } from "../sdk/wire";
import type { RawRequest } from "./raw-post";

/** The request the client makes for `method(params)`, with the token in the body (the client's default). */
export function clientRequest(method: EndpointName, params: Record<string, unknown>, format: WireFormat, token: string): RawRequest {
  const wire = toWireParams(method, params, format);
  const headers = requestHeaders({ format, token, placement: "body", requestId: "unused", userAgent: DEFAULT_USER_AGENT });
  delete headers["Request-ID"];
  return { path: endpointPath(method), body: encodeRequestBody(format, wire, token, "body"), headers };
}

/** An axios instance with the client transport's settings (sdk/transport.ts): keep-alive, no transforms, no redirects. */
export function clientLikeAxios(): { instance: AxiosInstance; agent: http.Agent } {
  const agent = new http.Agent({ keepAlive: true });
  const instance = axios.create({
    httpAgent: agent,
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

/** One axios POST the way the client makes an attempt (per-request timeout plus an abort signal on a total deadline); resolves with the HTTP status. */
export async function axiosPost(instance: AxiosInstance, baseUrl: string, request: RawRequest, requestId: string): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DEFAULT_TIMEOUT_MS);
  try {
    const response = await instance.request({
      method: "POST",
      url: baseUrl + request.path,
      data: request.body,
      headers: { ...request.headers, "Request-ID": requestId },
      timeout: DEFAULT_TIMEOUT_MS,
      signal: controller.signal,
    });
    return response.status;
  } finally {
    clearTimeout(timer);
  }
}
