import type { Emulator } from "../../../emulator";
import { MUTATING_ENDPOINTS } from "../../../sdk/endpoints";

/** The calls that change data (activate, deactivate, …) the emulator executed from index `since` on, as `endpoint id`. */
export function writesSince(emulator: Emulator, since: number): string[] {
  return emulator.executions
    .slice(since)
    .filter((execution) => MUTATING_ENDPOINTS.has(execution.endpoint))
    .map((execution) => `${execution.endpoint} ${execution.mailingId}`);
}
