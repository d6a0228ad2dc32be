/**
 * `TestEngine`: what `pulumi preview/up/refresh/destroy` would do for resources of ONE dynamic provider, driven
 * against the real dynamic-provider host, with state held in memory per resource name.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ProviderHost } from "./providerHost";
import {
  deleteResource,
  refreshResource,
  registerStep,
  type CheckFailure,
  type ResourceState,
  type StepOp,
} from "./engineSteps";
import { markSecretKeys, type Props } from "./propertyValues";

export { UNKNOWN, secret, isSecret, stripSecrets, type Props } from "./propertyValues";
export { CheckFailedError, type CheckFailure, type ResourceState, type StepOp } from "./engineSteps";
export { ProviderHostError } from "./providerHostError";

/** The `__provider` text for a provider object, byte-identical to what `dynamic.Resource` sends. */
export async function serializeProvider(provider: object): Promise<string> {
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** The URN TestEngine sends with a resource's calls (it has no stack or project; the host reads none of it). */
function urnOf(name: string): string {
  return `urn:pulumi:test::test::pulumi-nodejs:dynamic:Resource::${name}`;
}

/** Per-call options of {@link TestEngine.up} and {@link TestEngine.preview}. */
export interface RegisterOptions {
  /** Input keys the program marked secret (`pulumi.secret(...)`, `config.requireSecret`). */
  secretKeys?: string[];
  /** Resource option `additionalSecretOutputs`. */
  additionalSecretOutputs?: string[];
  /** Resource option `deleteBeforeReplace`. */
  deleteBeforeReplace?: boolean;
  /** Resource option `ignoreChanges` (top-level keys). */
  ignoreChanges?: string[];
  /** Resource option `replaceOnChanges` (top-level keys). */
  replaceOnChanges?: string[];
  /** Overrides `__provider` for this call, e.g. to model a new version of the provider code. */
  providerText?: string;
}

/** Engine semantics for one resource type over a {@link ProviderHost}; see docs/testing-harness.md for the limits. */
export class TestEngine {
  private readonly resources = new Map<string, ResourceState>();

  constructor(
    private readonly host: ProviderHost,
    private readonly providerText: string,
  ) {}

  /** Check (+ Diff for an existing resource) only, as `pulumi preview` does. Inputs may contain UNKNOWN. */
  async preview(name: string, inputs: Props, opts: RegisterOptions = {}): Promise<{ op: StepOp; failures: CheckFailure[] }> {
    const outcome = await registerStep(this.host, this.request(name, inputs, opts, true), () => undefined);
    return { op: outcome.op, failures: outcome.failures };
  }

  /** Check → Create, or Check → Diff → Update / replace. Check failures reject with a `CheckFailedError`. */
  async up(name: string, inputs: Props, opts: RegisterOptions = {}): Promise<{ op: StepOp; id: string; outputs: Props }> {
    const outcome = await registerStep(this.host, this.request(name, inputs, opts, false), this.committer(name));
    const state = outcome.state ?? this.resources.get(name);
    if (!state) throw new Error(`no state recorded for '${name}' after ${outcome.op}`);
    return { op: outcome.op, id: state.id, outputs: state.outputs };
  }

  /** Read(id, old outputs, old inputs). A blank id drops the resource from state. */
  async refresh(name: string): Promise<{ gone: boolean; outputs?: Props }> {
    const state = await refreshResource(this.host, this.require(name), this.committer(name), urnOf(name));
    return state ? { gone: false, outputs: state.outputs } : { gone: true };
  }

  /** Delete(id, old outputs) and drop the resource from state. */
  async destroy(name: string): Promise<void> {
    await deleteResource(this.host, this.require(name), this.committer(name), urnOf(name));
  }

  /** The stored state of a resource (secret values in secret envelopes), or undefined if it does not exist. */
  state(name: string): ResourceState | undefined {
    return this.resources.get(name);
  }

  private request(name: string, inputs: Props, opts: RegisterOptions, dryRun: boolean) {
    const programInputs = markSecretKeys({ ...inputs, __provider: opts.providerText ?? this.providerText }, opts.secretKeys ?? []);
    return {
      name,
      urn: urnOf(name),
      inputs: programInputs,
      old: this.resources.get(name),
      dryRun,
      ...(opts.additionalSecretOutputs && { additionalSecretOutputs: opts.additionalSecretOutputs }),
      ...(opts.deleteBeforeReplace !== undefined && { deleteBeforeReplace: opts.deleteBeforeReplace }),
      ...(opts.ignoreChanges && { ignoreChanges: opts.ignoreChanges }),
      ...(opts.replaceOnChanges && { replaceOnChanges: opts.replaceOnChanges }),
    };
  }

  private committer(name: string) {
    return (state: ResourceState | undefined): void => {
      if (state) this.resources.set(name, state);
      else this.resources.delete(name);
    };
  }

  private require(name: string): ResourceState {
    const state = this.resources.get(name);
    if (!state) {
      const known = [...this.resources.keys()].join(", ") || "none";
      throw new Error(`resource '${name}' is not in state (known: ${known})`);
    }
    return state;
  }
}
