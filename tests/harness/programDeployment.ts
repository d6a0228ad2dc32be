/**
 * The deployment side of a program run: RegisterResource calls go through the harness engine (`deployment.ts`),
 * the same one `TestStack` uses, so a program gets the engine's step rules (deferred deletes, pending deletes,
 * initErrors, parallel steps, protect, aliases...). No gRPC in here; the monitor server (`monitorServer.ts`) feeds it.
 */
import type { ProviderHost } from "./providerHost";
import { Deployment, type StepKind } from "./deployment";
import { containsSecrets, stripSecrets, type Props } from "./propertyValues";
import { providerInputs, ROOT_STACK_TYPE, type Snapshot, type StackResource } from "./snapshot";
import { defaultParallelism } from "./semaphore";

export { ROOT_STACK_TYPE } from "./snapshot";

/** One resource in the stack state (the engine's resource state; pending deletes have `delete: true`). */
export type ProgramResource = StackResource;

/** Stack state carried from one run to the next (the snapshot). */
export type ProgramState = Snapshot;

/** An operation performed (or, under dry run, planned) on a resource. */
export interface ProgramOperation {
  name: string;
  type: string;
  op: StepKind;
}

/** A RegisterResource call, decoded. */
export interface Registration {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: Props;
  additionalSecretOutputs: string[];
  /** undefined: the provider's Diff decides. */
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  aliases?: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  /** `replacementTrigger` (decoded `google.protobuf.Value`), when the program gave one. */
  replacementTrigger?: unknown;
  /** `import` id, when the program gave one. */
  importId?: string;
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
  /** Stack config and its secret keys: the default provider's inputs stored in state. */
  config?: Record<string, string>;
  secretKeys?: string[];
  /** `--parallel`; default 4 × CPUs. */
  parallel?: number;
}

const REGISTRATION_OPS: readonly StepKind[] = ["create", "update", "same", "replace", "skipped-create"];

/** Engine-side bookkeeping for one program run. */
export class ProgramDeployment {
  private readonly deployment: Deployment;
  // One slot per registration, in arrival order, so concurrent steps report deterministically.
  private readonly operationSlots: (ProgramOperation | undefined)[] = [];
  private readonly deleteOperations: ProgramOperation[] = [];
  private stackOutputs: Props = {};
  private rootUrn = "";

  constructor(options: DeploymentOptions) {
    this.deployment = new Deployment({
      project: options.project,
      stack: options.stack,
      mode: options.dryRun ? "preview" : "update",
      prev: options.state ?? { resources: [] },
      host: options.host,
      providerInputs: providerInputs(options.config ?? {}, options.secretKeys ?? []),
      parallel: options.parallel ?? defaultParallelism(),
      log: options.log,
    });
  }

  /** True once a dynamic resource registered the default provider (see `Deployment.defaultProviderRegistered`). */
  get defaultProviderRegistered(): boolean {
    return this.deployment.defaultProviderRegistered;
  }

  /** Resource errors, as `<urn>: <message>`. */
  get errors(): string[] {
    return this.deployment.errors;
  }

  /** URN the engine gives a resource. */
  urnFor(type: string, name: string, parent: string): string {
    return this.deployment.urnFor(type, name, parent);
  }

  /** Operations: one per registration in registration order, then the deletes; failed registrations have none. */
  get operations(): ProgramOperation[] {
    return [...this.operationSlots.filter((op): op is ProgramOperation => op !== undefined), ...this.deleteOperations];
  }

  /** Handles one RegisterResource call. */
  async register(registration: Registration): Promise<RegistrationReply> {
    const slot = this.operationSlots.push(undefined) - 1;
    const urn = this.urnFor(registration.type, registration.name, registration.parent);
    if (registration.type === ROOT_STACK_TYPE && !registration.parent) this.rootUrn = urn;
    const reply = await this.deployment.register({
      ...registration,
      ...(registration.aliases && { aliases: registration.aliases }),
    });
    if (!reply.failed) {
      const kinds = this.deployment.steps.filter((s) => s.urn === reply.urn && REGISTRATION_OPS.includes(s.op)).map((s) => s.op);
      const op = kinds.includes("replace") ? "replace" : kinds[0];
      if (op) this.operationSlots[slot] = { name: registration.name, type: registration.type, op };
    }
    return { urn: reply.urn, id: reply.id, outputs: reply.outputs, failed: reply.failed };
  }

  /** Handles RegisterResourceOutputs: stack outputs for the root stack, component outputs otherwise. */
  registerOutputs(urn: string, outputs: Props): void {
    if (urn === this.rootUrn || (urn.split("::")[2] ?? "") === ROOT_STACK_TYPE) this.stackOutputs = outputs;
    this.deployment.setOutputs(urn, outputs);
  }

  /** Records the root resource URN (Engine.SetRootResource). */
  setRootUrn(urn: string): void {
    this.rootUrn = urn;
  }

  /** Root resource URN (Engine.GetRootResource). */
  getRootUrn(): string {
    return this.rootUrn;
  }

  /** The program finished: the engine's deletes (pending, replaced, undeclared), none after a failed step. */
  async finish(): Promise<void> {
    const before = this.deployment.steps.length;
    await this.deployment.finish();
    for (const step of this.deployment.steps.slice(before)) {
      this.deleteOperations.push({ name: step.name, type: step.type, op: step.op });
    }
  }

  /** State after the run: unchanged under dry run. */
  state(): ProgramState {
    return this.deployment.snapshot();
  }

  /** Stack outputs with secrets unwrapped, and the names of those that held a secret. */
  outputs(): { outputs: Record<string, unknown>; secretOutputs: string[] } {
    const secretOutputs = Object.keys(this.stackOutputs).filter((key) => containsSecrets(this.stackOutputs[key]));
    return { outputs: stripSecrets(this.stackOutputs), secretOutputs };
  }
}
