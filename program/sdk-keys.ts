import type { ValueIssue } from "./plain";

const MARKER = "the Pulumi SDK reads an object with this key set to true as one of its own values (an output, a resource, an asset, an archive or an unknown) and fails or drops it";

/**
 * Map keys that the Pulumi Node.js SDK (3.x) cannot pass through as resource inputs, found by declaring an
 * `ActivatedMailing` with each under `pulumi.runtime.setMocks` (tests/program/sdk-serialization.test.ts repeats
 * the experiment). Each would otherwise fail while the program declares that entry, after earlier entries were
 * already applied, or silently change the value. `valueOf`, `constructor`, `hasOwnProperty` and `then` pass intact.
 */
export const SDK_RESERVED_KEYS: ReadonlyMap<string, string> = new Map([
  ["toString", "the Pulumi SDK turns each input into text when it declares a resource, and a `toString` that is not a function makes that throw"],
  ["__proto__", "the Pulumi SDK copies inputs key by key, and a `__proto__` key is dropped on the way (it sets the copy's prototype)"],
  ["__pulumiOutput", MARKER],
  ["__pulumiCustomResource", MARKER],
  ["__pulumiComponentResource", MARKER],
  ["__pulumiAsset", MARKER],
  ["__pulumiArchive", MARKER],
  ["__pulumiUnknown", MARKER],
  ["4dabf18193072939515e22adb298388d", "Pulumi reserves this key to mark secrets, assets and resource references on the wire"],
]);

/** Every key of {@link SDK_RESERVED_KEYS} anywhere inside a plain value, as issues naming the path to it. */
export function findSdkReservedKeys(value: unknown): ValueIssue[] {
  const issues: ValueIssue[] = [];
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined) break;
    if (Array.isArray(next.value)) {
      next.value.forEach((item, index) => pending.push({ value: item, path: [...next.path, index] }));
    } else if (typeof next.value === "object" && next.value !== null) {
      for (const key of Object.keys(next.value)) {
        const why = SDK_RESERVED_KEYS.get(key);
        if (why !== undefined) issues.push({ path: [...next.path, key], message: `the key ${JSON.stringify(key)} cannot be passed to Pulumi: ${why}; rename it` });
        else pending.push({ value: (next.value as Record<string, unknown>)[key], path: [...next.path, key] });
      }
    }
  }
  return issues.reverse();
}
