import type { InputFailure } from "./check";
import { DECLARED_MAILINGS_HINT } from "./declared-hint";

/**
 * An input the program adds and `check` removes: the `altcraft:*` keys the stack config sets (names only). When the
 * provider is configured with none of them, the CLI is too old to pass stack config to dynamic providers.
 */
export const PROGRAM_CONFIG_HINT = "__altcraftConfigKeys";

/** The inputs without the program's hints: they never reach state, diffs or the API. */
export function stripHints(inputs: Record<string, unknown>): Record<string, unknown> {
  const { [PROGRAM_CONFIG_HINT]: _keys, [DECLARED_MAILINGS_HINT]: _ahead, ...rest } = inputs;
  return rest;
}

/**
 * Refuses any input that holds the configured API token (pasted into `content` or `attach` by mistake): inputs are
 * stored in state. The failure names the property and never shows the value.
 */
export function findTokenInInputs(inputs: Record<string, unknown>, token: string): InputFailure[] {
  if (token.length < 8) return [];
  const failures: InputFailure[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      if (value.includes(token)) failures.push({ property: path, reason: "holds the Altcraft API token; inputs are stored in state, so the token is refused here (it belongs in `altcraft:token`)" });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${path}[${index}]`));
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    }
  };
  for (const [key, value] of Object.entries(inputs)) if (key !== "__provider") walk(value, key);
  return failures;
}
