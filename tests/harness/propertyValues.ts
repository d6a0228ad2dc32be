/**
 * Property bags as they travel over the Pulumi protocol: plain JSON values, the unknown sentinel and the secret
 * envelope, plus the engine's secret stripping and re-marking rules.
 */
import { structPb } from "./pulumiModules";
import type { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A property bag (resource inputs or outputs). */
export type Props = Record<string, unknown>;

/** The value the engine sends for a property that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Key that marks an object as a special Pulumi value. */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature value of a secret envelope. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret envelope: `{ <sig>: <secret sig>, value }`. */
export interface SecretEnvelope {
  readonly [SPECIAL_SIG_KEY]: typeof SECRET_SIG;
  readonly value: unknown;
}

/** Wraps a value in a secret envelope, as the engine marks it secret. */
export function secret(value: unknown): SecretEnvelope {
  return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True if the value is a secret envelope. */
export function isSecret(value: unknown): value is SecretEnvelope {
  return isPlainObject(value) && value[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/** True if the value is, or contains anywhere, a secret envelope. */
export function containsSecrets(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPlainObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

/** Removes every secret envelope, keeping the plaintext (what the engine sends to a provider with acceptSecrets=false). */
export function stripSecrets<T>(value: T): T {
  if (isSecret(value)) return stripSecrets(value.value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => stripSecrets(v)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripSecrets(v)])) as T;
  }
  return value;
}

/**
 * Re-marks outputs whose key matches a secret-bearing input, like the engine's `annotateSecrets`
 * (`pkg/resource/plugin/provider_plugin.go`): objects are handled per key, anything else (arrays included) becomes
 * wholly secret. Returns a new bag.
 */
export function annotateSecrets(outs: Props, ins: Props): Props {
  const result: Props = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isPlainObject(outValue) && !isSecret(outValue) && isPlainObject(inValue) && !isSecret(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = secret(outValue);
    }
  }
  return result;
}

/** Wraps the named top-level keys in secret envelopes (resource option `additionalSecretOutputs`, config secrets). */
export function markSecretKeys(props: Props, keys: readonly string[]): Props {
  const result: Props = { ...props };
  for (const key of keys) {
    if (key in result && !isSecret(result[key])) result[key] = secret(result[key]);
  }
  return result;
}

/** Encodes a bag as a `google.protobuf.Struct`, dropping `undefined` the way a JSON round trip does. */
export function toStruct(props: Props): Struct {
  return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as Record<string, JavaScriptValue>);
}

/** Decodes a `google.protobuf.Struct` (absent → `{}`). */
export function fromStruct(struct: Struct | undefined): Props {
  return struct ? (struct.toJavaScript() as Props) : {};
}

/** Deep structural equality of JSON-like values (what the engine does when a provider reports DIFF_UNKNOWN). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === otherKeys.length && keys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}
