/** Maps request paths to endpoints. Both spellings (with and without a trailing slash) name the same endpoint. */
import { ENDPOINTS, endpointPath, type EndpointName } from "../sdk/endpoints";

/** Path prefix of the emulator's own admin endpoints. */
export const ADMIN_PREFIX = "/__emulator/";

function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

const BY_PATH = new Map<string, EndpointName>(
  (Object.keys(ENDPOINTS) as EndpointName[]).map((name) => [withoutTrailingSlash(endpointPath(name)), name]),
);

/** The endpoint a path names, or undefined for an unknown method path. */
export function endpointForPath(pathname: string): EndpointName | undefined {
  return BY_PATH.get(withoutTrailingSlash(pathname));
}
