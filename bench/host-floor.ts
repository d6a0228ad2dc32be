/**
 * The host floor: the stack-scale phases run with bench/floor-provider.js in place of pulumi-altcraft, so the same
 * API calls go through the same Pulumi host, engine steps and emulator with no provider work at all. Its wall ÷ ideal
 * is what the engine protocol, Pulumi's host and this machine cost; the gap between it and the real provider is the
 * provider's own share. The same floor with axios as its HTTP client weighs axios alone.
 */
import * as path from "node:path";

const FLOOR_PROVIDER = path.join(__dirname, "floor-provider.js");

/** How the floor provider sends its calls: a bare `http.request`, or axios set up as the SDK's transport sets it up. */
export type FloorTransport = "http" | "axios";

/**
 * The `__provider` text for the floor provider, in the shape Pulumi stores for a module's exports serialized by
 * reference (see tests/fixtures/provider-text/), pointing at the floor provider by absolute path.
 */
export function floorProviderText(transport: FloorTransport): string {
  return [
    "exports.handler = __f0;",
    `const provider = require(${JSON.stringify(FLOOR_PROVIDER)}).floorProvider(${JSON.stringify(transport)});`,
    "",
    "function __f0() {",
    "  return (function() {",
    "    with({ this: undefined, arguments: undefined }) {",
    "",
    "return () => provider;",
    "",
    "    }",
    "  }).apply(undefined, undefined).apply(this, arguments);",
    "}",
    "",
  ].join("\n");
}
