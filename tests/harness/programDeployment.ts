/**
 * The deployment side of a program run: turns RegisterResource calls into engine steps against the dynamic-provider
 * host, keeps the in-memory stack state, and deletes what the program no longer registers. No gRPC in here; the
 * monitor server (`monitorServer.ts`) feeds it.
 */
import type { ProviderHost } from "./providerHost";
import { registerStep, type ResourceState, type StepOp } from "./engineSteps";
import { containsSecrets, deepEqual, stripSecrets, UNKNOWN, type Props } from "./propertyValues";

/** Type of the root stack resource. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** One resource in the in-memory stack state. Secret values are kept in secret envelopes. */
export interface ProgramResource {
  urn: string;
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  id: string;
  inputs: Props;
  outputs: Props;
}

/** In-memory stack state carried from one run to the next (resources in registration order). */
export interface ProgramState {
  resources: ProgramResource[];
}

/** An operation performed (or, under dry run, planned) on a resource. */
export interface ProgramOperation {
  name: string;
  type: string;
  op: StepOp | "delete" | "read";
}

/** A RegisterResource call, decoded. */
export interface Registration {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: Props;
  additionalSecretOutputs: string[];
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
}

/** What RegisterResource answers. `failed` maps to `Result.FAIL`. */
export interface RegistrationReply {
  urn: string;
  id: string;
  outputs: Props;
  failed: boolean;
}

/** Options of a {@link ProgramDeployment}. */
export interface DeploymentOptions {
  project: string;
  stack: string;
  dryRun: boolean;
  state: ProgramState | undefined;
  /** Resolves to the host dynamic resources are forwarded to (may still be starting). */
  host: () => Promise<ProviderHost>;
  /** Receives diagnostics, formatted like the CLI (`error: ...`). */
  log: (line: string) => void;
}

function qualifiedTypeOf(urn: string): string {
  return urn.split("::")[2] ?? "";
}

function deepCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Engine-side bookkeeping for one program run. */
export class ProgramDeployment {
  readonly errors: string[] = [];
  // One slot per registration, in arrival order, so concurrent steps report deterministically.
  private readonly operationSlots: (ProgramOperation | undefined)[] = [];
  private readonly current = new Map<string, ProgramResource>();
  private readonly registered = new Set<string>();
  private stackOutputs: Props = {};
  private rootUrn = "";
  private finished = false;

  constructor(private readonly options: DeploymentOptions) {
    for (const resource of options.state?.resources ?? []) this.current.set(resource.urn, deepCopy(resource));
  }

  /** URN the engine gives a resource: the parent's type is prefixed unless the parent is the root stack. */
  urnFor(type: string, name: string, parent: string): string {
    const parentType = parent ? qualifiedTypeOf(parent) : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${this.options.stack}::${this.options.project}::${qualified}::${name}`;
  }

  /** Operations in registration order (deletes last); failed registrations have none. */
  get operations(): ProgramOperation[] {
    return this.operationSlots.filter((op): op is ProgramOperation => op !== undefined);
  }

  /** Handles one RegisterResource call. */
  async register(registration: Registration): Promise<RegistrationReply> {
    const slot = this.operationSlots.push(undefined) - 1;
    return this.registerInSlot(registration, slot);
  }

  private async registerInSlot(registration: Registration, slot: number): Promise<RegistrationReply> {
    const urn = this.urnFor(registration.type, registration.name, registration.parent);
    if (this.registered.has(urn)) {
      return this.fail(urn, registration, `Duplicate resource URN '${urn}'; try giving it a unique name`);
    }
    this.registered.add(urn);
    if (registration.type === ROOT_STACK_TYPE && !registration.parent) this.rootUrn = urn;
    if (!registration.type.startsWith(DYNAMIC_TYPE_PREFIX)) return this.registerWithoutProvider(urn, registration, slot);
    if (this.errors.length > 0) {
      // The engine stops stepping after the first failure; later registrations never reach the provider.
      return this.fail(urn, registration, `not ${this.options.dryRun ? "previewed" : "deployed"}: an earlier step failed`);
    }
    if (!this.options.dryRun && containsUnknown(registration.inputs)) {
      return this.fail(urn, registration, "inputs are not known (they depend on a resource that failed)");
    }
    try {
      const old = this.current.get(urn);
      const outcome = await registerStep(
        await this.options.host(),
        {
          name: registration.name,
          inputs: registration.inputs,
          old: old && { id: old.id, inputs: old.inputs, outputs: old.outputs },
          dryRun: this.options.dryRun,
          additionalSecretOutputs: registration.additionalSecretOutputs,
          deleteBeforeReplace: registration.deleteBeforeReplace,
          ignoreChanges: registration.ignoreChanges,
          replaceOnChanges: registration.replaceOnChanges,
        },
        (state) => this.commit(urn, registration, state),
      );
      if (outcome.failures.length > 0) {
        const listing = outcome.failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
        return this.fail(urn, registration, `Check failed: ${listing}`);
      }
      this.operationSlots[slot] = { name: registration.name, type: registration.type, op: outcome.op };
      const state = outcome.state;
      return { urn, id: state?.id ?? "", outputs: state?.outputs ?? {}, failed: false };
    } catch (error) {
      return this.fail(urn, registration, error instanceof Error ? error.message : String(error));
    }
  }

  /** Handles RegisterResourceOutputs: stack outputs for the root stack, component outputs otherwise. */
  registerOutputs(urn: string, outputs: Props): void {
    if (urn === this.rootUrn || qualifiedTypeOf(urn) === ROOT_STACK_TYPE) this.stackOutputs = outputs;
    const resource = this.current.get(urn);
    if (resource && !this.options.dryRun) resource.outputs = outputs;
  }

  /** Records the root resource URN (Engine.SetRootResource). */
  setRootUrn(urn: string): void {
    this.rootUrn = urn;
  }

  /** Root resource URN (Engine.GetRootResource). */
  getRootUrn(): string {
    return this.rootUrn;
  }

  /**
   * The program finished successfully: delete, newest first, what the previous state has and this run did not
   * register. Nothing is deleted under dry run (only planned) or after a failed step.
   */
  async finish(): Promise<void> {
    if (this.finished || this.errors.length > 0) return;
    this.finished = true;
    const leftovers = [...this.current.values()].filter((r) => !this.registered.has(r.urn)).reverse();
    for (const resource of leftovers) {
      this.operationSlots.push({ name: resource.name, type: resource.type, op: "delete" });
      if (this.options.dryRun) continue;
      try {
        if (resource.type.startsWith(DYNAMIC_TYPE_PREFIX) && resource.custom) {
          const host = await this.options.host();
          await host.delete(resource.id, stripSecrets(resource.outputs), stripSecrets(resource.inputs));
        }
        this.current.delete(resource.urn);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.errors.push(`${resource.urn}: ${message}`);
        this.options.log(`error: deleting ${resource.type} '${resource.name}': ${message}`);
        return;
      }
    }
  }

  /** State after the run: unchanged under dry run. */
  state(): ProgramState {
    if (this.options.dryRun) return deepCopy(this.options.state ?? { resources: [] });
    return { resources: deepCopy([...this.current.values()]) };
  }

  /** Stack outputs with secrets unwrapped, and the names of those that held a secret. */
  outputs(): { outputs: Record<string, unknown>; secretOutputs: string[] } {
    const secretOutputs = Object.keys(this.stackOutputs).filter((key) => containsSecrets(this.stackOutputs[key]));
    return { outputs: stripSecrets(this.stackOutputs), secretOutputs };
  }

  private registerWithoutProvider(urn: string, registration: Registration, slot: number): RegistrationReply {
    const old = this.current.get(urn);
    const op: StepOp = !old ? "create" : deepEqual(old.inputs, registration.inputs) ? "same" : "update";
    this.operationSlots[slot] = { name: registration.name, type: registration.type, op };
    const id = registration.custom ? (old?.id ?? (this.options.dryRun ? "" : `${registration.name}-id`)) : "";
    const outputs = registration.custom ? registration.inputs : (old?.outputs ?? {});
    this.commit(urn, registration, { id, inputs: registration.inputs, outputs });
    return { urn, id, outputs: registration.custom ? outputs : {}, failed: false };
  }

  private commit(urn: string, registration: Registration, state: ResourceState | undefined): void {
    if (this.options.dryRun) return;
    // Re-inserting keeps the map in registration order, which is the order deletes are reversed from.
    this.current.delete(urn);
    if (!state) return;
    const { type, name, parent, custom } = registration;
    this.current.set(urn, { urn, type, name, parent, custom, id: state.id, inputs: state.inputs, outputs: state.outputs });
  }

  private fail(urn: string, registration: Registration, message: string): RegistrationReply {
    this.errors.push(`${urn}: ${message}`);
    this.options.log(`error: ${registration.type} '${registration.name}': ${message}`);
    return { urn, id: "", outputs: {}, failed: true };
  }
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

