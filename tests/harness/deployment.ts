/**
 * One deployment of the harness engine: the registrations of a program, turned into steps against the dynamic-
 * provider host the way pulumi/pulumi's engine does it, with deletes (of replaced and undeclared resources) at the
 * end. Read from pulumi/pulumi pkg/v3.276.0 (the version of the `pulumi` CLI the end-to-end suites run, and checked
 * against it by tests/e2e/harness-conformance.test.ts); each rule names its source in docs/testing-harness.md. Shared
 * by `TestStack` (stack.ts) and program runs (programDeployment.ts).
 *
 * The shape follows the engine's two halves:
 *
 * - **The event loop** (`deployment_executor.go`: `Execute`, `handleSingleEvent`): registrations are handled ONE AT A
 *   TIME in the order they arrive. Handling one is step generation (`step_generator.go`: `GenerateSteps` →
 *   `continueStepsFromImport` → `generateStepsFromDiff` → `continueStepsFromDiff`): Check, Diff and a replacement's
 *   second Check all run inline in the loop (Diff is only deferred under `PULUMI_PARALLEL_DIFF`, which the CLI leaves
 *   off: `step_generator.go` `diff`, the `ParallelDiff` branch). Then the loop hands the step chain to the step
 *   executor and waits until a worker takes it (`step_executor.go` `ExecuteSerial`, an unbuffered channel).
 * - **The workers** (`step_executor.go`: `worker`, `executeChain`): at most `--parallel` chains run at once; a failed
 *   step cancels the deployment, so no further chain or step starts (`cancelDueToError`), except a refused delete of a
 *   protected resource, which lets the others go on.
 */
import type { CallMeta, ProviderHost } from "./providerHost";
import { ProviderHostError } from "./providerHostError";
import { processIgnoreChanges, parsePropertyPath, pathContains } from "./propertyPath";
import { annotateSecrets, deepEqual, isSecret, markSecretKeys, secret, stripSecrets, UNKNOWN, type Props } from "./propertyValues";
import {
  copySnapshot,
  DEFAULT_PROVIDER_NAME,
  DEFAULT_PROVIDER_TYPE,
  isDynamicType,
  isProviderType,
  makeUrn,
  type Snapshot,
  type StackResource,
} from "./snapshot";
import { Semaphore } from "./semaphore";

/** What a deployment does: `update` (up), `preview`, `destroy` / `refresh` with `--run-program`. */
export type DeploymentMode = "update" | "preview" | "destroy" | "refresh";

/** The operations the engine reports (display.StepOp names). */
export type StepKind =
  | "create"
  | "update"
  | "same"
  | "replace"
  | "create-replacement"
  | "delete"
  | "delete-replaced"
  | "refresh"
  | "skipped-create"
  | "import";

/** A property Check rejected. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** One step of a deployment. */
export interface StepRecord {
  name: string;
  urn: string;
  type: string;
  op: StepKind;
  /** The step failed with this message. */
  error?: string;
  /** Refresh only: the provider's Diff after Read found drift. */
  drift?: boolean;
  /** Refresh only: Read returned a blank id, the resource was dropped from state. */
  gone?: boolean;
}

/** A resource registration (RegisterResource), decoded. */
export interface ResourceGoal {
  type: string;
  name: string;
  /** Parent URN ("" for none). */
  parent: string;
  custom: boolean;
  /** Inputs, `__provider` included for dynamic resources; secrets in envelopes. */
  inputs: Props;
  additionalSecretOutputs?: readonly string[];
  /** Resource option; undefined lets the provider's Diff decide. */
  deleteBeforeReplace?: boolean;
  ignoreChanges?: readonly string[];
  replaceOnChanges?: readonly string[];
  /** Former URNs of this resource. */
  aliases?: readonly string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  /** `replacementTrigger`: a new value (secrets unwrapped; UNKNOWN counts as new) replaces the resource without Diff. */
  replacementTrigger?: unknown;
  /** `import`: the id of an existing resource to adopt. */
  importId?: string;
}

/** The answer to a registration. */
export interface RegisterResult {
  urn: string;
  id: string;
  outputs: Props;
  failed: boolean;
  /** Check failures, when that is why it failed. */
  failures?: CheckFailure[];
}

/** Options of a {@link Deployment}. */
export interface DeploymentOptions {
  project: string;
  stack: string;
  mode: DeploymentMode;
  /** The snapshot before this deployment (already refreshed for `up --refresh`). */
  prev: Snapshot;
  /** The provider host (started and configured by the caller). */
  host: () => Promise<ProviderHost>;
  /** The default provider's inputs for this deployment (the stack config, secrets in envelopes). */
  providerInputs: Props;
  /** `--replace` URNs. */
  replaceTargets?: readonly string[];
  /** `--target` URNs; undefined = everything. */
  targets?: readonly string[];
  /** Step parallelism (`--parallel`); default 4 × CPUs as `pulumi up` does. */
  parallel: number;
  /** Engine diagnostics, formatted like the CLI (`error: ...`). */
  log: (line: string) => void;
}

/** The Check result the engine continues with. */
interface Checked {
  inputs: Props;
  failures: CheckFailure[];
}

/** A chain of steps the loop hands to a worker; it settles with the registration's answer. */
type Chain = () => Promise<RegisterResult>;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/** Top-level keys whose values differ (the engine's own diff when a provider answers DIFF_UNKNOWN). */
export function changedKeys(olds: Props, news: Props): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((key) => !deepEqual(stripSecrets(olds[key]), stripSecrets(news[key])));
}

/**
 * The key the engine adds to the replace keys of a resource with init errors when `replaceOnChanges` covers it
 * (`step_generator.go`: `initErrorSpecialKey`, used by `applyReplaceOnChanges`).
 */
export const INIT_ERROR_KEY = "#initerror";

/**
 * `applyReplaceOnChanges` (step_generator.go) on the harness's diff: replace keys are the provider's, plus every
 * changed key a `replaceOnChanges` path contains (changed keys come from the provider, which for the Node host is
 * never, or from the engine's own diff under DIFF_UNKNOWN), plus `#initerror` when the resource has init errors and a
 * path contains it (which also makes the changes `some`). Nothing happens for DIFF_NONE without init errors.
 */
export function applyReplaceOnChanges(
  diff: { changes: "some" | "none"; replaces: readonly string[]; changed: readonly string[] },
  replaceOnChanges: readonly string[],
  hasInitErrors: boolean,
): { changes: "some" | "none"; replaces: string[] } {
  const replaces = new Set(diff.replaces);
  if (diff.changes !== "some" && !hasInitErrors) return { changes: diff.changes, replaces: [...replaces] };
  const paths = replaceOnChanges.map(parsePropertyPath);
  for (const key of diff.changed) if (paths.some((p) => pathContains(p, [key]))) replaces.add(key);
  let changes = diff.changes;
  if (hasInitErrors && paths.some((p) => pathContains(p, [INIT_ERROR_KEY]))) {
    replaces.add(INIT_ERROR_KEY);
    changes = "some";
  }
  return { changes, replaces: [...replaces] };
}

/**
 * Secrets of a new state as the step executor marks them after every step with a new state, Same included
 * (`step_executor.go`: `continueExecuteStep`): `additionalSecretOutputs`, then every output whose input of the same
 * key is secret.
 */
export function markStepSecrets(outputs: Props, inputs: Props, additionalSecretOutputs: readonly string[] = []): Props {
  const result = markSecretKeys(outputs, additionalSecretOutputs.filter((key) => key !== "id"));
  for (const key of Object.keys(result)) {
    if (!isSecret(result[key]) && isSecret(inputs[key])) result[key] = secret(result[key]);
  }
  return result;
}

/** `shouldTriggerReplace` (step_generator.go): unknown is a change, null/absent is no trigger, else compare plainly. */
function shouldTriggerReplace(next: unknown, old: unknown): boolean {
  const [n, o] = [stripSecrets(next), stripSecrets(old)];
  if (containsUnknown(o) || containsUnknown(n)) return true;
  if (o === undefined || o === null || n === undefined || n === null) return false;
  return !deepEqual(n, o);
}

/** Error of a registration the engine refused before calling the provider. */
export class DeploymentError extends Error {
  constructor(
    text: string,
    readonly failures: CheckFailure[] = [],
  ) {
    super(text);
    this.name = "DeploymentError";
  }
}

/** Engine bookkeeping for one deployment. Call `register` per resource (concurrently is fine), then `finish`. */
export class Deployment {
  /** Steps in the order they completed (deletes last). */
  readonly steps: StepRecord[] = [];
  /** Failures, as `<urn>: <message>`. */
  readonly errors: string[] = [];
  private readonly olds = new Map<string, StackResource>();
  private readonly news = new Map<string, StackResource>();
  /** Old states this deployment has dealt with (superseded, aliased, or deleted). */
  private readonly operatedOn = new Set<string>();
  /** URNs registered so far (`sg.urns`). */
  private readonly registered = new Set<string>();
  /** Alias URN → the URN of the resource that claimed it (`sg.aliased`). */
  private readonly aliased = new Map<string, string>();
  private readonly pendingDeletes: StackResource[];
  private readonly deleted = new Set<StackResource>();
  /** New states to delete at the end of a `destroy --run-program` (`sg.toDelete`). */
  private readonly toDelete: StackResource[] = [];
  private readonly order: string[] = [];
  /** The engine's step workers (`--parallel`). */
  private readonly workers: Semaphore;
  /** Chains running on workers now. */
  private readonly running = new Set<Promise<unknown>>();
  private readonly dryRun: boolean;
  /** The event loop: the last event handled (each event starts when the one before it is done). */
  private loop: Promise<void> = Promise.resolve();
  /** The deployment's context is cancelled: a step or a step generation failed. */
  private cancelled = false;
  private providerRegistered = false;
  private finished = false;

  constructor(private readonly options: DeploymentOptions) {
    this.dryRun = options.mode === "preview";
    this.workers = new Semaphore(options.parallel);
    const prev = copySnapshot(options.prev);
    this.pendingDeletes = prev.resources.filter((r) => r.delete);
    for (const r of prev.resources) if (!r.delete) this.olds.set(r.urn, r);
  }

  /** True once a step failed (including a refused delete of a protected resource). */
  get failed(): boolean {
    return this.errors.length > 0;
  }

  /** The most steps that ran at once. */
  get peakParallelism(): number {
    return this.workers.peak;
  }

  /** True while the event loop waits for a free worker (all `--parallel` of them busy), as `ExecuteSerial` blocks. */
  get waitingForWorker(): boolean {
    return this.workers.queued > 0;
  }

  /**
   * True once a dynamic resource registered the default provider with this deployment's config. Until then (and for
   * good, in a program that declares none) the provider in the old state is the one the engine loads, with the config
   * stored at the last `up`, to delete what is left (`GenerateDeletes` → `EnsureProvider`).
   */
  get defaultProviderRegistered(): boolean {
    return this.providerRegistered;
  }

  /** URN of a registration. */
  urnFor(type: string, name: string, parent: string): string {
    return makeUrn(this.options.stack, this.options.project, type, name, parent);
  }

  /**
   * Handles one RegisterResource: queued on the event loop, answered when its steps have run. Never rejects:
   * failures come back as `failed` and are recorded in `errors`.
   */
  register(goal: ResourceGoal): Promise<RegisterResult> {
    return new Promise<RegisterResult>((resolve) => {
      const handled = this.loop.then(() => this.handleEvent(goal, resolve));
      this.loop = handled.catch((error: unknown) => {
        resolve(this.fail(goal, this.urnFor(goal.type, goal.name, goal.parent), `harness error: ${message(error)}`));
      });
    });
  }

  /**
   * After the program: deletes of pending deletes, replaced resources and undeclared resources (all of them under
   * destroy), as `GenerateDeletes`/`ScheduleDeletes` do, once every event is handled and every chain has finished
   * (`performPostSteps` takes the step executor's lock); none after a cancellation. Each delete is a chain of its
   * own, handed to a worker in turn (`ExecuteParallel`); once a step fails, the deletes not yet started are dropped.
   * The default provider goes last since every resource depends on it.
   */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.loop;
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.cancelled || this.options.mode === "refresh") return;
    const targeted = (r: StackResource): boolean => !this.options.targets || this.options.targets.includes(r.urn);
    const condemned: { res: StackResource; replaced: boolean }[] = [];
    for (const r of this.pendingDeletes) if (targeted(r)) condemned.push({ res: r, replaced: true });
    for (const r of [...this.olds.values()].reverse()) {
      if (this.operatedOn.has(r.urn) || !targeted(r) || isProviderType(r.type)) continue;
      condemned.push({ res: r, replaced: false });
    }
    for (const r of [...this.toDelete].reverse()) if (targeted(r)) condemned.push({ res: r, replaced: false });
    const started: Promise<void>[] = [];
    for (const { res, replaced } of condemned) {
      const release = await this.workers.acquire();
      if (this.cancelled) {
        release();
        break;
      }
      started.push(this.deleteStep(res, replaced).finally(release));
    }
    await Promise.all(started);
    // The default provider is deleted (no provider call) once no resource needs it.
    const provider = this.providerState();
    const anyLeft = this.snapshot().resources.some((r) => r.custom && !isProviderType(r.type));
    if (!this.dryRun && !this.cancelled && provider && !anyLeft) this.deleted.add(provider);
  }

  /** The snapshot after this deployment; unchanged under preview. */
  snapshot(): Snapshot {
    if (this.dryRun) return copySnapshot(this.options.prev);
    const resources: StackResource[] = [];
    const provider = this.providerState();
    if (provider && !this.deleted.has(provider)) resources.push(provider);
    for (const urn of this.order) {
      const r = this.news.get(urn);
      if (r && !this.deleted.has(r) && !isProviderType(r.type)) resources.push(r);
    }
    for (const r of this.olds.values()) {
      if (!this.operatedOn.has(r.urn) && !isProviderType(r.type) && !this.deleted.has(r)) resources.push(r);
    }
    for (const r of this.pendingDeletes) if (!this.deleted.has(r)) resources.push(r);
    return copySnapshot({ resources });
  }

  /** RegisterResourceOutputs for a component: its outputs are stored as given (not under preview). */
  setOutputs(urn: string, outputs: Props): void {
    const r = this.news.get(urn);
    if (r && !this.dryRun) this.news.set(urn, { ...r, outputs });
  }

  /** Stored state of a registered resource, after its step. */
  resource(urn: string): StackResource | undefined {
    return this.news.get(urn);
  }

  private cancel(): void {
    this.cancelled = true;
  }

  // One event of the loop: step generation, then the hand-over of the chain to a worker.
  private async handleEvent(goal: ResourceGoal, done: (result: RegisterResult) => void): Promise<void> {
    const urn = this.urnFor(goal.type, goal.name, goal.parent);
    if (this.cancelled) return done(this.cancelledResult(goal, urn));
    if (this.registered.has(urn)) {
      // `generateURN`: a duplicate URN is a step generation error, which stops the deployment.
      this.cancel();
      return done(this.fail(goal, urn, `Duplicate resource URN '${urn}'; try giving it a unique name`));
    }
    this.registered.add(urn);
    this.order.push(urn);
    let chain: Chain;
    try {
      chain = await this.generate(goal, urn);
    } catch (error) {
      // An error of step generation bails out of the loop and cancels the deployment (`handleEvent` → `cancel()`).
      this.cancel();
      const failures = error instanceof DeploymentError ? error.failures : [];
      return done(this.fail(goal, urn, message(error), false, failures));
    }
    const release = await this.workers.acquire();
    if (this.cancelled) {
      // `ExecuteSerial` drops a chain once the context is cancelled; `executeChain` starts no step after it.
      release();
      return done(this.cancelledResult(goal, urn));
    }
    const running = chain()
      .catch((error: unknown) => {
        // A failed step cancels the deployment (`cancelDueToError`).
        this.cancel();
        const failures = error instanceof DeploymentError ? error.failures : [];
        return this.fail(goal, urn, message(error), false, failures);
      })
      .then(done)
      .finally(() => {
        release();
        this.running.delete(running);
      });
    this.running.add(running);
  }

  private cancelledResult(goal: ResourceGoal, urn: string): RegisterResult {
    return this.fail(goal, urn, `not ${this.dryRun ? "previewed" : "deployed"}: an earlier step failed`, true);
  }

  /**
   * Old state by URN, else by alias, first found (`getOldResource`), with the engine's alias conflicts: this URN
   * already claimed as an alias by another resource, or an alias that is a URN already registered or already claimed.
   * A conflict makes the registration invalid, which stops the deployment after its Check.
   */
  private getOldResource(urn: string, aliases: readonly string[]): { old?: StackResource; conflict?: string } {
    let conflict: string | undefined;
    const claimedBy = this.aliased.get(urn);
    if (claimedBy !== undefined) conflict = `Duplicate resource URN '${urn}' conflicting with alias on resource with URN '${claimedBy}'`;
    for (const candidate of [urn, ...aliases]) {
      const old = this.olds.get(candidate);
      if (!old) continue;
      if (candidate !== urn) {
        if (this.registered.has(candidate)) {
          conflict = `Duplicate resource alias '${candidate}' applied to resource with URN '${urn}' conflicting with resource with URN '${urn}'`;
        }
        const previous = this.aliased.get(candidate);
        if (previous !== undefined) {
          conflict = `Duplicate resource alias '${candidate}' applied to resource with URN '${urn}' conflicting with resource with URN '${previous}'`;
        }
        this.aliased.set(candidate, urn);
      }
      this.operatedOn.add(candidate);
      return { old, ...(conflict !== undefined && { conflict }) };
    }
    return conflict !== undefined ? { conflict } : {};
  }

  // The default provider is registered with the deployment's config (`defaultProviders.newRegisterDefaultProviderEvent`)
  // when the first dynamic resource asks for it; with no such registration, the stored one (and its config) stays.
  private registerDefaultProvider(): void {
    if (this.providerRegistered) return;
    this.providerRegistered = true;
    const urn = this.urnFor(DEFAULT_PROVIDER_TYPE, DEFAULT_PROVIDER_NAME, "");
    const old = this.olds.get(urn);
    this.operatedOn.add(urn);
    const inputs = copySnapshot(this.options.providerInputs);
    this.news.set(urn, {
      urn,
      type: DEFAULT_PROVIDER_TYPE,
      name: DEFAULT_PROVIDER_NAME,
      parent: "",
      custom: true,
      id: old?.id ?? (this.dryRun ? "" : `provider-${Date.now().toString(36)}`),
      inputs,
      outputs: inputs,
    });
  }

  private providerState(): StackResource | undefined {
    const urn = this.urnFor(DEFAULT_PROVIDER_TYPE, DEFAULT_PROVIDER_NAME, "");
    return this.news.get(urn) ?? this.olds.get(urn);
  }

  private record(goal: { name: string; type: string }, urn: string, op: StepKind, extra: Partial<StepRecord> = {}): void {
    this.steps.push({ name: goal.name, urn, type: goal.type, op, ...extra });
  }

  private fail(
    goal: ResourceGoal,
    urn: string,
    text: string,
    cancelled = false,
    failures: CheckFailure[] = [],
  ): RegisterResult {
    if (!cancelled) this.errors.push(`${urn}: ${text}`);
    this.options.log(`error: ${goal.type} '${goal.name}': ${text}`);
    return { urn, id: "", outputs: {}, failed: true, ...(failures.length > 0 && { failures }) };
  }

  /** The new state of a registration: the goal's options, the given id/inputs/outputs, secrets marked as after a step. */
  private newState(urn: string, goal: ResourceGoal, state: { id: string; inputs: Props; outputs: Props; initErrors?: string[] }): StackResource {
    return {
      urn,
      type: goal.type,
      name: goal.name,
      parent: goal.parent,
      custom: goal.custom,
      id: state.id,
      inputs: state.inputs,
      outputs: goal.custom ? markStepSecrets(state.outputs, state.inputs, goal.additionalSecretOutputs) : state.outputs,
      ...(state.initErrors && state.initErrors.length > 0 && { initErrors: state.initErrors }),
      ...(goal.protect && { protect: true }),
      ...(goal.retainOnDelete && { retainOnDelete: true }),
      ...(goal.additionalSecretOutputs?.length && { additionalSecretOutputs: [...goal.additionalSecretOutputs] }),
      ...(goal.replacementTrigger !== undefined && goal.replacementTrigger !== null && { replacementTrigger: goal.replacementTrigger }),
    };
  }

  private commit(urn: string, goal: ResourceGoal, state: { id: string; inputs: Props; outputs: Props; initErrors?: string[] }): StackResource {
    const r = this.newState(urn, goal, state);
    if (!this.dryRun) this.news.set(urn, r);
    return r;
  }

  private meta(urn: string): CallMeta {
    return { urn };
  }

  /**
   * Step generation for one registration, in the loop: everything up to the chain of steps (`continueStepsFromRefresh`
   * → `continueStepsFromImport` → `generateStepsFromDiff` → `continueStepsFromDiff`). Throws for a registration the
   * engine refuses (which stops the deployment).
   */
  private async generate(goal: ResourceGoal, urn: string): Promise<Chain> {
    const { old, conflict } = this.getOldResource(urn, goal.aliases ?? []);
    if (conflict !== undefined) this.options.log(`error: ${conflict}`);
    if (!isDynamicType(goal.type)) {
      if (conflict !== undefined) throw new DeploymentError(`resource ${urn} is invalid`);
      return this.withoutProvider(goal, urn, old);
    }
    this.registerDefaultProvider();
    const { mode } = this.options;
    if (mode === "destroy" || mode === "refresh") return this.generateWithoutProgramSteps(goal, urn, old);
    const oldImportId = old ? (old.importId ?? old.id) : undefined;
    if (goal.importId && (!old || oldImportId !== goal.importId)) return () => this.importStep(goal, urn, goal.importId ?? "");
    if (!this.dryRun && containsUnknown(goal.inputs)) {
      throw new DeploymentError("inputs are not known (they depend on a resource that failed)");
    }
    const targeted = !this.options.targets || this.options.targets.includes(urn);
    if (!targeted) {
      // Untargeted: Check is stubbed with the old inputs and no Diff runs (`continueStepsFromImport`, case 3); a new
      // resource is a skipped create (case 4).
      if (conflict !== undefined) throw new DeploymentError(`resource ${urn} is invalid`);
      return async () => {
        if (!old) {
          this.record(goal, urn, "skipped-create");
          return { urn, id: "", outputs: {}, failed: false };
        }
        this.news.set(urn, old);
        this.record(goal, urn, "same");
        return { urn, id: old.id, outputs: old.outputs, failed: false };
      };
    }
    const forcedReplace = old !== undefined && (old.taint === true || (this.options.replaceTargets ?? []).includes(urn));
    let inputs = goal.inputs;
    if (old) inputs = processIgnoreChanges(inputs, old.inputs, goal.ignoreChanges ?? [], (paths) =>
      this.options.log(`info: ${goal.name}: cannot ignore changes in added or removed elements of the path: ${paths.join(", ")}`),
    );
    const checked = old && !forcedReplace ? await this.check(old.inputs, inputs, urn) : await this.check({}, goal.inputs, urn);
    if (checked.failures.length > 0) throw Deployment.checkError(goal, checked.failures);
    // An invalid registration (here: an alias conflict) stops the deployment after its Check.
    if (conflict !== undefined) throw new DeploymentError(`resource ${urn} is invalid: ${conflict}`);
    if (!old) return () => this.create(goal, urn, checked.inputs, undefined, "create");

    const decision = await this.decide(goal, old, checked.inputs, forcedReplace, urn);
    if (decision.op === "update") return () => this.update(goal, urn, old, checked.inputs);
    if (decision.op === "same") {
      return async () => {
        this.record(goal, urn, "same");
        // Same: new inputs, old id and outputs (and so the old `__provider` in the outputs), secrets marked again.
        if (this.dryRun) {
          this.news.set(urn, old);
          return { urn, id: old.id, outputs: old.outputs, failed: false };
        }
        const state = this.commit(urn, goal, { id: old.id, inputs: checked.inputs, outputs: old.outputs });
        return { urn, id: state.id, outputs: state.outputs, failed: false };
      };
    }
    // Replace.
    if (goal.protect && old.protect) {
      const text = `unable to replace resource "${urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``;
      if (!this.dryRun) {
        this.news.set(urn, old);
        throw new DeploymentError(text);
      }
      // Under preview the engine reports it and goes on, so the preview shows the replacement.
      this.errors.push(`${urn}: ${text}`);
      this.options.log(`error: ${text}`);
    }
    // A replacement recomputes defaults: Check again with no old inputs, unless --replace/taint already did.
    let replacementInputs = checked.inputs;
    if (!forcedReplace) {
      const again = await this.check({}, goal.inputs, urn);
      if (again.failures.length > 0) {
        if (!this.dryRun) this.news.set(urn, old);
        throw Deployment.checkError(goal, again.failures);
      }
      replacementInputs = again.inputs;
    }
    if (decision.deleteBeforeReplace) {
      // One chain: delete the old one, then create the new one (`continueStepsFromDiff`, DBR branch).
      return async () => {
        await this.deleteStep(old, true);
        if (!this.deleted.has(old) && !this.dryRun) {
          this.news.set(urn, old);
          throw new DeploymentError(`delete before replace of '${goal.name}' failed`);
        }
        this.record(goal, urn, "replace");
        return this.create(goal, urn, replacementInputs, undefined, "create-replacement");
      };
    }
    return async () => {
      const result = await this.create(goal, urn, replacementInputs, old, "create-replacement");
      this.record(goal, urn, "replace");
      return result;
    };
  }

  // `destroy --run-program` / `refresh --run-program` (`continueStepsFromRefresh`, destroyMode / refreshMode): a custom
  // resource is never checked, created or updated. Under destroy, one in state gets a SameStep with a NEW state (the
  // goal's options, its old inputs, then the old id and outputs), and that new state is what is deleted at the end
  // (`sg.toDelete`); one not in state is a skipped create. Under refresh it was refreshed already and keeps its state.
  private generateWithoutProgramSteps(goal: ResourceGoal, urn: string, old: StackResource | undefined): Chain {
    return async () => {
      if (!old) {
        this.record(goal, urn, "skipped-create");
        return { urn, id: "", outputs: {}, failed: false };
      }
      if (this.options.mode === "refresh") {
        this.news.set(urn, old);
        return { urn, id: old.id, outputs: old.outputs, failed: false };
      }
      const state = this.newState(urn, goal, { id: old.id, inputs: old.inputs, outputs: old.outputs });
      this.news.set(urn, state);
      this.toDelete.push(state);
      this.record(goal, urn, "same");
      return { urn, id: state.id, outputs: state.outputs, failed: false };
    };
  }

  // Components and other non-dynamic types: no provider; inputs become outputs (custom ones get a made-up id).
  private withoutProvider(goal: ResourceGoal, urn: string, old: StackResource | undefined): Chain {
    return async () => {
      const op: StepKind = !old ? "create" : deepEqual(old.inputs, goal.inputs) ? "same" : "update";
      this.record(goal, urn, op);
      const id = goal.custom ? (old?.id ?? (this.dryRun ? "" : `${goal.name}-id`)) : "";
      const outputs = goal.custom ? goal.inputs : (old?.outputs ?? {});
      this.commit(urn, goal, { id, inputs: goal.inputs, outputs });
      if (this.dryRun && old) this.news.set(urn, old);
      return { urn, id, outputs: goal.custom ? outputs : {}, failed: false };
    };
  }

  /** Outputs re-marked as the engine does: by input key (`annotateSecrets`, in the provider plugin's Create/Update). */
  private secure(outputs: Props, inputs: Props): Props {
    return annotateSecrets(outputs, inputs);
  }

  /** Check (in the loop, so one at a time). */
  private async check(olds: Props, news: Props, urn: string): Promise<Checked> {
    const host = await this.options.host();
    const result = await host.check(stripSecrets(olds), stripSecrets(news), this.meta(urn));
    return { inputs: annotateSecrets(result.inputs, news), failures: result.failures };
  }

  private static checkError(goal: ResourceGoal, failures: CheckFailure[]): DeploymentError {
    const listing = failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
    return new DeploymentError(`Check failed for '${goal.name}': ${listing}`, failures);
  }

  // `sg.diff` (a targeted replace blames `id`, a replacement trigger skips Diff) + `diffResource` +
  // `applyReplaceOnChanges` + the branches of `continueStepsFromDiff`. Runs in the loop.
  private async decide(
    goal: ResourceGoal,
    old: StackResource,
    checked: Props,
    forcedReplace: boolean,
    urn: string,
  ): Promise<{ op: "replace" | "update" | "same"; deleteBeforeReplace: boolean }> {
    if (forcedReplace) return { op: "replace", deleteBeforeReplace: goal.deleteBeforeReplace ?? false };
    if (!this.dryRun && containsUnknown(goal.replacementTrigger)) {
      throw new DeploymentError(`replacement trigger contains unknowns for ${urn}`);
    }
    if (shouldTriggerReplace(goal.replacementTrigger, old.replacementTrigger)) {
      return { op: "replace", deleteBeforeReplace: goal.deleteBeforeReplace ?? false };
    }
    const host = await this.options.host();
    const diff = await host.diff(old.id, stripSecrets(old.outputs), stripSecrets(checked), stripSecrets(old.inputs), this.meta(urn));
    // The Node host reports no changed keys (it never sets `diffs`); only the engine's own diff under DIFF_UNKNOWN
    // produces them (after ignoreChanges), so only then can replaceOnChanges match a changed key.
    let changes: "some" | "none" = diff.changes === "some" ? "some" : "none";
    let changed: string[] = [];
    if (diff.changes === "unknown") {
      const news = processIgnoreChanges(checked, old.inputs, goal.ignoreChanges ?? []);
      changed = changedKeys(old.inputs, news);
      changes = changed.length > 0 ? "some" : "none";
    }
    const hasInitErrors = (old.initErrors?.length ?? 0) > 0;
    const applied = applyReplaceOnChanges({ changes, replaces: diff.replaces, changed }, goal.replaceOnChanges ?? [], hasInitErrors);
    const deleteBeforeReplace = goal.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    if (applied.changes === "some") return { op: applied.replaces.length > 0 ? "replace" : "update", deleteBeforeReplace };
    // Unchanged but unhealthy: an empty Update to finish initializing.
    return { op: hasInitErrors ? "update" : "same", deleteBeforeReplace };
  }

  // `ImportStep.Apply`: Read the id with neither inputs nor state. The dynamic-provider host finds no `__provider`
  // there and fails, so an import of a dynamic resource fails here as it does under the engine.
  private async importStep(goal: ResourceGoal, urn: string, id: string): Promise<RegisterResult> {
    const host = await this.options.host();
    try {
      await host.read(id, {}, undefined, this.meta(urn));
    } catch (error) {
      this.record(goal, urn, "import", { error: message(error) });
      throw error;
    }
    throw new DeploymentError(`import of '${goal.name}': the harness models the engine's import only up to its Read`);
  }

  private async create(
    goal: ResourceGoal,
    urn: string,
    checked: Props,
    replacing: StackResource | undefined,
    op: "create" | "create-replacement",
  ): Promise<RegisterResult> {
    if (this.dryRun) {
      this.markPendingDelete(replacing);
      this.record(goal, urn, op);
      return { urn, id: "", outputs: checked, failed: false };
    }
    const host = await this.options.host();
    try {
      const created = await host.create(stripSecrets(checked), this.meta(urn));
      if (created.id === "") throw new Error(`plugin returned empty resource.ID from create '${urn}'`);
      const state = this.commit(urn, goal, { id: created.id, inputs: checked, outputs: this.secure(created.properties, checked) });
      this.markPendingDelete(replacing);
      this.record(goal, urn, op);
      return { urn, id: state.id, outputs: state.outputs, failed: false };
    } catch (error) {
      // Partial failure: created but unhealthy. Recorded with initErrors (so nothing is orphaned), and a replaced
      // old resource is still marked for deletion (`CreateStep.Apply`).
      if (this.recordInitError(urn, goal, error, checked, error instanceof ProviderHostError ? error.id : undefined)) {
        this.markPendingDelete(replacing);
      } else if (replacing) {
        this.news.set(urn, replacing); // the old resource stays as it was
      }
      this.record(goal, urn, op, { error: message(error) });
      throw error;
    }
  }

  /**
   * `ErrorResourceInitFailed` from Create or Update: the resource is recorded with `initErrors` under `id` (the
   * provider's for a create, the old one for an update), so nothing is orphaned. False for any other error.
   */
  private recordInitError(urn: string, goal: ResourceGoal, error: unknown, checked: Props, id: string | undefined): boolean {
    if (!(error instanceof ProviderHostError) || error.id === undefined || id === undefined) return false;
    this.commit(urn, goal, { id, inputs: checked, outputs: this.secure(error.properties ?? {}, checked), initErrors: error.reasons ?? [] });
    return true;
  }

  private markPendingDelete(old: StackResource | undefined): void {
    if (!old) return;
    const pending: StackResource = { ...old, delete: true };
    this.pendingDeletes.push(pending);
  }

  private async update(goal: ResourceGoal, urn: string, old: StackResource, checked: Props): Promise<RegisterResult> {
    if (this.dryRun) {
      this.record(goal, urn, "update");
      this.news.set(urn, old);
      return { urn, id: old.id, outputs: checked, failed: false };
    }
    const host = await this.options.host();
    try {
      const updated = await host.update(old.id, stripSecrets(old.outputs), stripSecrets(checked), stripSecrets(old.inputs), this.meta(urn));
      const state = this.commit(urn, goal, { id: old.id, inputs: checked, outputs: this.secure(updated.properties, checked) });
      this.record(goal, urn, "update");
      return { urn, id: state.id, outputs: state.outputs, failed: false };
    } catch (error) {
      if (!this.recordInitError(urn, goal, error, checked, old.id)) {
        this.news.set(urn, old);
      }
      this.record(goal, urn, "update", { error: message(error) });
      throw error;
    }
  }

  // `DeleteStep.Apply`: protect refuses (except as part of a replacement), retainOnDelete skips the provider call.
  // A refused delete of a protected resource lets the other steps go on (`cancelDueToError`, deleteProtectedError);
  // any other failed delete cancels the deployment.
  private async deleteStep(res: StackResource, replacing: boolean): Promise<void> {
    const op: StepKind = replacing ? "delete-replaced" : "delete";
    if (!replacing && res.protect) {
      const text = `unable to delete resource "${res.urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``;
      this.errors.push(`${res.urn}: ${text}`);
      this.options.log(`error: ${text}`);
      this.record(res, res.urn, op, { error: text });
      return;
    }
    if (this.dryRun) {
      this.record(res, res.urn, op);
      return;
    }
    if (!res.retainOnDelete && res.custom && isDynamicType(res.type)) {
      try {
        const host = await this.options.host();
        await host.delete(res.id, stripSecrets(res.outputs), stripSecrets(res.inputs), this.meta(res.urn));
      } catch (error) {
        this.cancel();
        this.errors.push(`${res.urn}: ${message(error)}`);
        this.options.log(`error: deleting ${res.type} '${res.name}': ${message(error)}`);
        this.record(res, res.urn, op, { error: message(error) });
        return;
      }
    }
    this.deleted.add(res);
    for (const [urn, r] of this.olds) if (r === res) this.operatedOn.add(urn);
    this.record(res, res.urn, op);
  }
}

/**
 * Refresh of every custom resource in a snapshot (`deploymentExecutor.refresh`, `RefreshStep.Apply`): Read with the
 * old outputs and old inputs, in parallel up to `--parallel`; a blank id drops the resource; then
 * Diff(olds = read outputs, news = old inputs, oldInputs = read inputs) only to show drift. Errors do not stop the
 * other reads (the refresh step executor ignores them) but fail the refresh. Returns the refreshed snapshot and the
 * steps.
 */
export async function refreshSnapshot(
  prev: Snapshot,
  host: () => Promise<ProviderHost>,
  parallel: number,
  log: (line: string) => void,
): Promise<{ snapshot: Snapshot; steps: StepRecord[]; errors: string[] }> {
  const semaphore = new Semaphore(parallel);
  const steps: StepRecord[] = [];
  const errors: string[] = [];
  const refreshed = await Promise.all(
    copySnapshot(prev).resources.map((r) =>
      semaphore.run(async (): Promise<StackResource | undefined> => {
        if (!r.custom || isProviderType(r.type) || !isDynamicType(r.type)) return r;
        const record = { name: r.name, urn: r.urn, type: r.type, op: "refresh" as const };
        const meta = { urn: r.urn };
        try {
          const h = await host();
          let initErrors: string[] | undefined;
          let read: { id: string; properties: Props; inputs?: Props };
          try {
            read = await h.read(r.id, stripSecrets(r.outputs), stripSecrets(r.inputs), meta);
          } catch (error) {
            if (!(error instanceof ProviderHostError) || error.id === undefined) throw error;
            initErrors = error.reasons ?? [];
            read = { id: error.id, properties: error.properties ?? {} };
            log(`warning: ${r.name}: Refreshed resource is in an unhealthy state:\n* ${initErrors.join("\n* ")}`);
          }
          if (read.id === "") {
            steps.push({ ...record, gone: true });
            return undefined;
          }
          const outputs = annotateSecrets(read.properties, r.outputs);
          const inputs = read.inputs ? annotateSecrets(read.inputs, r.inputs) : r.inputs;
          const diff = await h.diff(read.id, stripSecrets(outputs), stripSecrets(r.inputs), stripSecrets(inputs), meta);
          const drift = diff.changes === "some" || (diff.changes === "unknown" && changedKeys(inputs, r.inputs).length > 0);
          steps.push({ ...record, drift });
          const next: StackResource = { ...r, id: read.id, inputs, outputs };
          delete next.initErrors;
          if (initErrors && initErrors.length > 0) next.initErrors = initErrors;
          return next;
        } catch (error) {
          errors.push(`${r.urn}: ${message(error)}`);
          log(`error: refreshing ${r.type} '${r.name}': ${message(error)}`);
          steps.push({ ...record, error: message(error) });
          return r;
        }
      }),
    ),
  );
  return { snapshot: { resources: refreshed.filter((r): r is StackResource => r !== undefined) }, steps, errors };
}
