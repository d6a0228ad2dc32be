/**
 * Every Altcraft mailings endpoint the client and the emulator speak, spelled exactly as the API docs spell it.
 * The docs are irregular (`campaigns/activate/` has a trailing slash, the others do not), so paths are never
 * built by concatenation at call sites.
 */
export const ENDPOINTS = {
  activate: "campaigns/activate/",
  deactivate: "campaigns/deactivate",
  getStatus: "campaigns/get_status",
  get: "campaigns/get",
  list: "campaigns/list",
  log: "campaigns/log_v2",
  clone: "campaigns/clone",
  delete: "campaigns/delete",
} as const;

/** The name of one mailings operation, e.g. `"activate"`. */
export type EndpointName = keyof typeof ENDPOINTS;

/** The URL prefix of the User API under the base URL. */
export const API_PREFIX = "/api/v1.1/";

/** The path of an operation below the host, e.g. `/api/v1.1/campaigns/activate/`. */
export function endpointPath(name: EndpointName): string {
  return API_PREFIX + ENDPOINTS[name];
}

/** Operations that change data on the platform: they carry a Request-ID so a retry is replayed, not re-executed. */
export const MUTATING_ENDPOINTS: ReadonlySet<EndpointName> = new Set<EndpointName>(["activate", "deactivate", "clone", "delete"]);
