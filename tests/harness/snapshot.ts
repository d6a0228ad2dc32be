/**
 * The stack snapshot the harness engine keeps between operations, shaped like the engine's checkpoint
 * (`pkg/resource/deploy/snapshot.go`, `sdk/go/common/resource/resource_state.go`): one entry per resource state,
 * pending deletes included, and the default provider as a resource whose inputs are the stack config.
 */
import { isSecret, secret, stripSecrets, type Props } from "./propertyValues";

/** Type of the default provider of dynamic resources (`pkg/resource/deploy/target.go`, `nodejsDynamicProviderPackage`). */
export const DEFAULT_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";
/** Name the engine gives a default provider. */
export const DEFAULT_PROVIDER_NAME = "default";
/** Type of the root stack resource. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
/** Type `dynamic.Resource` registers when no module/type is given. */
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";

/** One resource state in the snapshot. Secret values are kept in secret envelopes. */
export interface StackResource {
  urn: string;
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  id: string;
  inputs: Props;
  outputs: Props;
  /** Pending delete: replaced (create-before-delete) and not yet deleted, or whose delete failed. */
  delete?: true;
  /** Set when Create/Update/Read failed with `ErrorResourceInitFailed`; the next `up` then runs Update. */
  initErrors?: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  /** `pulumi state taint`: the next `up` replaces it without asking Diff. */
  taint?: boolean;
  additionalSecretOutputs?: string[];
  /** The `replacementTrigger` value of the last registration; a different one replaces the resource. */
  replacementTrigger?: unknown;
  /** The id it was imported with (`import`), when it was. */
  importId?: string;
}

/** The stack's checkpoint. */
export interface Snapshot {
  resources: StackResource[];
}

/** A deep copy (the snapshot is plain JSON). */
export function copySnapshot<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** True for provider resources (`pulumi:providers:*`). */
export function isProviderType(type: string): boolean {
  return type.startsWith("pulumi:providers:");
}

/** True for resources served by the Node.js dynamic-provider host. */
export function isDynamicType(type: string): boolean {
  return type.startsWith("pulumi-nodejs:dynamic");
}

/** URN the engine gives a resource: the parent's type is prefixed unless the parent is the root stack. */
export function makeUrn(stack: string, project: string, type: string, name: string, parentUrn = ""): string {
  const parentType = parentUrn ? (parentUrn.split("::")[2] ?? "") : "";
  const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The default provider's inputs for a stack config: every key, secrets in envelopes (`Target.GetPackageConfig`). */
export function providerInputs(config: Record<string, string>, secretKeys: readonly string[]): Props {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, secretKeys.includes(k) ? secret(v) : v]));
}

/** The config and secret keys stored in a default provider's inputs. */
export function configFromProviderInputs(inputs: Props): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(inputs)) {
    if (isSecret(value)) secretKeys.push(key);
    config[key] = String(stripSecrets(value));
  }
  return { config, secretKeys };
}
