/**
 * The host floor: the stack-scale phases run with bench/floor-provider.js in place of pulumi-altcraft, so the same
 * API calls go through the same Pulumi host, engine steps and emulator with no provider work at all. Its wall ÷ ideal
 * is what the engine protocol, Pulumi's host and this machine cost; the gap between it and the real provider is the
 * provider's own share. The same floor with axios as its HTTP client weighs axios alone.
 */
import * as path from "node:path";
import { providerText } from "./host";

const FLOOR_PROVIDER = path.join(__dirname, "floor-provider.js");

/** The module the installed package's `__provider` text requires: its exports are the provider object. */
const PACKAGE_PROVIDER_REQUIRE = 'require("pulumi-altcraft/dist/provider/abi/v1.js")';

/** How the floor provider sends its calls: a bare `http.request`, or axios set up as the SDK's transport sets it up. */
export type FloorTransport = "http" | "axios";

/**
 * The `__provider` text for the floor provider: the installed package's stored text (tests/fixtures/provider-text/)
 * with its one `require` pointed at the floor provider, so both carry the same text but for that line.
 */
export async function floorProviderText(transport: FloorTransport): Promise<string> {
  const text = await providerText();
  if (!text.includes(PACKAGE_PROVIDER_REQUIRE)) throw new Error(`the stored provider text no longer holds ${PACKAGE_PROVIDER_REQUIRE}`);
  return text.replace(PACKAGE_PROVIDER_REQUIRE, `require(${JSON.stringify(FLOOR_PROVIDER)}).floorProvider(${JSON.stringify(transport)})`);
}
