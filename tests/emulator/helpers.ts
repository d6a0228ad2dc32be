/** Shared helpers of the emulator tests: raw HTTP calls (no client library) and a manual clock. */
import { request } from "node:http";
import { endpointPath, type EndpointName } from "../../sdk/endpoints";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { decodeXmlDocument, encodeXmlDocument, type XmlElement } from "../../sdk/xml";

/** The token the emulator accepts by default. */
export const TOKEN = "emulator-token";

/** A raw HTTP response. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Options of one raw request. */
export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Sends one request over a fresh connection (no keep-alive, so nothing lingers after a test) and resolves with
 * the full response; rejects when the connection is reset or closed without a response.
 */
export function rawRequest(emulator: Emulator, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const base = new URL(emulator.url);
    const body = req.body ?? "";
    const outgoing = request(
      {
        host: base.hostname,
        port: base.port,
        path: req.path,
        method: req.method ?? "POST",
        agent: false,
        headers: { "content-length": String(Buffer.byteLength(body)), ...req.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** The Altcraft envelope as JSON. */
export interface JsonEnvelope {
  data: unknown;
  error: number;
  error_text: string;
  [extra: string]: unknown;
}

/** A JSON call of an endpoint with the token in the body, unless `token: null` or a different token is given. */
export async function callJson(
  emulator: Emulator,
  endpoint: EndpointName,
  params: Record<string, unknown>,
  options: { token?: string | null; headers?: Record<string, string>; requestId?: string; path?: string } = {},
): Promise<{ status: number; headers: RawResponse["headers"]; envelope: JsonEnvelope; text: string }> {
  const token = options.token === undefined ? TOKEN : options.token;
  const body = token === null ? params : { token, ...params };
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.requestId !== undefined) headers["request-id"] = options.requestId;
  const res = await rawRequest(emulator, { path: options.path ?? endpointPath(endpoint), headers, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, envelope: parseEnvelope(res.text), text: res.text };
}

/** The JSON envelope of a body, or a marker envelope (error -1) when the body is not JSON, e.g. a gateway page. */
function parseEnvelope(text: string): JsonEnvelope {
  try {
    return JSON.parse(text) as JsonEnvelope;
  } catch {
    return { data: null, error: -1, error_text: "not a JSON envelope" };
  }
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public time = Date.UTC(2024, 4, 20, 9, 0, 0)) {}
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Starts an emulator with a manual clock and a few mailings; the caller closes it. */
export async function startSeeded(options: EmulatorOptions = {}): Promise<{ emulator: Emulator; clock: ManualClock }> {
  const clock = new ManualClock();
  const emulator = await startEmulator({
    now: clock.now,
    mailings: [
      { id: 82, name: "Weather alert", type: "regular", uiTags: ["alerts"], groups: [{ id: 1, name: "Marketing" }] },
      { id: 4727, name: "Spring sale", type: "broadcast", uiTags: ["sales"], groups: [{ id: 2, name: "Sales" }], isActive: true },
      { id: 15, name: "Welcome", type: "trigger" },
    ],
    ...options,
  });
  return { emulator, clock };
}

/** An XML call (`application/xml` request, XML response by default) with the token in the body. */
export async function callXml(
  emulator: Emulator,
  endpoint: EndpointName,
  params: Record<string, unknown>,
  options: { headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: RawResponse["headers"]; doc: XmlElement; text: string }> {
  const res = await rawRequest(emulator, {
    path: endpointPath(endpoint),
    headers: { "content-type": "application/xml", ...options.headers },
    body: encodeXmlDocument({ token: TOKEN, ...params }),
  });
  return { status: res.status, headers: res.headers, doc: decodeXmlDocument(res.text), text: res.text };
}

/** Resolves once `condition` holds, checking on every macrotask; the mocha timeout bounds it. */
export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
