/**
 * One deployment of the harness engine: the registrations of a program, turned into steps against the dynamic-
 * provider host the way pulumi/pulumi's engine does it, with deletes (of replaced and undeclared resources) at the
 * end. Read from pulumi/pulumi at commit 1b5949891b (pkg/v3.259.0+14); each rule names its source in
 * docs/testing-harness.md. Shared by `TestStack` (stack.ts) and program runs (programDeployment.ts).
 */
import type { ProviderHost } from "./providerHost";
import { ProviderHostError } from "./providerHostError";
import { processIgnoreChanges, parsePropertyPath, pathContains } from "./propertyPath";
import { annotateSecrets, deepEqual, markSecretKeys, stripSecrets, UNKNOWN, type Props } from "./propertyValues";
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
  | "skipped-create";

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
function changedKeys(olds: Props, news: Props): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((key) => !deepEqual(stripSecrets(olds[key]), stripSecrets(news[key])));
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
  private readonly registered = new Set<string>();
  private readonly pendingDeletes: StackResource[];
  private readonly deleted = new Set<StackResource>();
  private readonly order: string[] = [];
  private readonly semaphore: Semaphore;
  private readonly dryRun: boolean;
  private providerRegistered = false;
  private finished = false;

  constructor(private readonly options: DeploymentOptions) {
    this.dryRun = options.mode === "preview";
    this.semaphore = new Semaphore(options.parallel);
    const prev = copySnapshot(options.prev);
    this.pendingDeletes = prev.resources.filter((r) => r.delete);
    for (const r of prev.resources) if (!r.delete) this.olds.set(r.urn, r);
  }

  /** True once a step failed: the engine cancels, starts no further steps and runs no deletes. */
  get failed(): boolean {
    return this.errors.length > 0;
  }

  /** URN of a registration. */
  urnFor(type: string, name: string, parent: string): string {
    return makeUrn(this.options.stack, this.options.project, type, name, parent);
  }

  /** Handles one RegisterResource. Never rejects: failures come back as `failed` and are recorded in `errors`. */
  async register(goal: ResourceGoal): Promise<RegisterResult> {
    const urn = this.urnFor(goal.type, goal.name, goal.parent);
    if (this.registered.has(urn)) return this.fail(goal, urn, `Duplicate resource URN '${urn}'; try giving it a unique name`);
    this.registered.add(urn);
    this.order.push(urn);
    const old = this.takeOld(urn, goal.aliases ?? []);
    if (!isDynamicType(goal.type)) return this.registerWithoutProvider(goal, urn, old);
    this.registerDefaultProvider();
    return this.semaphore.run(async () => {
      if (this.failed) {
        if (old) this.news.set(urn, old); // never reached: the old state stays as it was
        return this.fail(goal, urn, `not ${this.dryRun ? "previewed" : "deployed"}: an earlier step failed`, true);
      }
      try {
        return await this.step(goal, urn, old);
      } catch (error) {
        const failures = error instanceof DeploymentError ? error.failures : [];
        return this.fail(goal, urn, message(error), false, failures);
      }
    });
  }

  /**
   * After the program: deletes of pending deletes, replaced resources and undeclared resources (all of them under
   * destroy), as `GenerateDeletes`/`ScheduleDeletes` do; none after a failed step. Parallel up to the bound; the
   * default provider goes last since every resource depends on it.
   */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.failed || this.options.mode === "refresh") return;
    const targeted = (r: StackResource): boolean => !this.options.targets || this.options.targets.includes(r.urn);
    const condemned: { res: StackResource; replaced: boolean }[] = [];
    for (const r of this.pendingDeletes) if (targeted(r)) condemned.push({ res: r, replaced: true });
    for (const r of [...this.olds.values()].reverse()) {
      if (this.operatedOn.has(r.urn) || !targeted(r) || isProviderType(r.type)) continue;
      condemned.push({ res: r, replaced: false });
    }
    if (this.options.mode === "destroy") {
      for (const urn of [...this.order].reverse()) {
        const r = this.news.get(urn);
        if (r && !isProviderType(r.type) && targeted(r)) condemned.push({ res: r, replaced: false });
      }
    }
    await Promise.all(condemned.map(({ res, replaced }) => this.semaphore.run(() => this.deleteStep(res, replaced))));
    // The default provider is deleted (no provider call) once no resource needs it.
    const provider = this.providerState();
    const anyLeft = this.snapshot().resources.some((r) => r.custom && !isProviderType(r.type));
    if (!this.dryRun && !this.failed && provider && !anyLeft) this.deleted.add(provider);
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

  // Old state by URN, else by alias (`getOldResource`): the first alias found in the old state.
  private takeOld(urn: string, aliases: readonly string[]): StackResource | undefined {
    for (const candidate of [urn, ...aliases]) {
      const old = this.olds.get(candidate);
      if (old && !this.operatedOn.has(candidate)) {
        this.operatedOn.add(candidate);
        return old;
      }
    }
    return undefined;
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

  private commit(urn: string, goal: ResourceGoal, state: { id: string; inputs: Props; outputs: Props; initErrors?: string[] }): StackResource {
    const r: StackResource = {
      urn,
      type: goal.type,
      name: goal.name,
      parent: goal.parent,
      custom: goal.custom,
      id: state.id,
      inputs: state.inputs,
      outputs: state.outputs,
      ...(state.initErrors && state.initErrors.length > 0 && { initErrors: state.initErrors }),
      ...(goal.protect && { protect: true }),
      ...(goal.retainOnDelete && { retainOnDelete: true }),
      ...(goal.additionalSecretOutputs?.length && { additionalSecretOutputs: [...goal.additionalSecretOutputs] }),
    };
    if (!this.dryRun) this.news.set(urn, r);
    return r;
  }

  // Components and other non-dynamic types: no provider; inputs become outputs (custom ones get a made-up id).
  private registerWithoutProvider(goal: ResourceGoal, urn: string, old: StackResource | undefined): RegisterResult {
    const op: StepKind = !old ? "create" : deepEqual(old.inputs, goal.inputs) ? "same" : "update";
    this.record(goal, urn, op);
    const id = goal.custom ? (old?.id ?? (this.dryRun ? "" : `${goal.name}-id`)) : "";
    const outputs = goal.custom ? goal.inputs : (old?.outputs ?? {});
    this.commit(urn, goal, { id, inputs: goal.inputs, outputs });
    if (this.dryRun && old) this.news.set(urn, old);
    return { urn, id, outputs: goal.custom ? outputs : {}, failed: false };
  }

  /** Outputs re-marked as the engine does: by input key (`annotateSecrets`), then `additionalSecretOutputs`. */
  private secure(outputs: Props, inputs: Props, goal: ResourceGoal): Props {
    return markSecretKeys(annotateSecrets(outputs, inputs), goal.additionalSecretOutputs ?? []);
  }

  /** The Check in progress: the next one starts after it. */
  private checkChain: Promise<unknown> = Promise.resolve();

  /**
   * Check, one at a time: the engine calls Check inside its event loop (deployment_executor.go `handleSingleEvent`
   * → step_generator.go `GenerateSteps` → `continueStepsFromImport`, inline; a replacement's re-Check comes back to the
   * loop as a `continueDiffResourceEvent`), while Diffs and steps run in parallel.
   */
  private check(olds: Props, news: Props): Promise<Checked> {
    const run = this.checkChain.then(() => this.checkNow(olds, news));
    this.checkChain = run.catch(() => undefined);
    return run;
  }

  private async checkNow(olds: Props, news: Props): Promise<Checked> {
    const host = await this.options.host();
    const result = await host.check(stripSecrets(olds), stripSecrets(news));
    return { inputs: annotateSecrets(result.inputs, news), failures: result.failures };
  }

  private static checkError(goal: ResourceGoal, failures: CheckFailure[]): DeploymentError {
    const listing = failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
    return new DeploymentError(`Check failed for '${goal.name}': ${listing}`, failures);
  }

  // `continueStepsFromRefresh` → `continueStepsFromImport` → `continueStepsFromDiff`, for one dynamic resource.
  private async step(goal: ResourceGoal, urn: string, old: StackResource | undefined): Promise<RegisterResult> {
    const { mode } = this.options;
    if (mode === "destroy" || mode === "refresh") {
      // Custom resources are never checked, created or updated here: old ones are kept (and deleted or refreshed
      // later), new ones skipped (`continueStepsFromRefresh`, destroyMode / refreshMode branches).
      if (!old) {
        this.record(goal, urn, "skipped-create");
        return { urn, id: "", outputs: {}, failed: false };
      }
      this.news.set(urn, old);
      this.record(goal, urn, "same");
      return { urn, id: old.id, outputs: old.outputs, failed: false };
    }
    if (!this.dryRun && containsUnknown(goal.inputs)) {
      throw new DeploymentError("inputs are not known (they depend on a resource that failed)");
    }
    const targeted = !this.options.targets || this.options.targets.includes(urn);
    if (!targeted) {
      // Untargeted: Check is stubbed with the old inputs and no Diff runs (`continueStepsFromImport`, case 3).
      if (!old) {
        this.record(goal, urn, "skipped-create");
        return { urn, id: "", outputs: {}, failed: false };
      }
      this.news.set(urn, old);
      this.record(goal, urn, "same");
      return { urn, id: old.id, outputs: old.outputs, failed: false };
    }
    const forcedReplace = old !== undefined && (old.taint === true || (this.options.replaceTargets ?? []).includes(urn));
    let inputs = goal.inputs;
    if (old) inputs = processIgnoreChanges(inputs, old.inputs, goal.ignoreChanges ?? [], (paths) =>
      this.options.log(`info: ${goal.name}: cannot ignore changes in added or removed elements of the path: ${paths.join(", ")}`),
    );
    const checked = old && !forcedReplace ? await this.check(old.inputs, inputs) : await this.check({}, goal.inputs);
    if (checked.failures.length > 0) throw Deployment.checkError(goal, checked.failures);
    if (!old) return this.create(goal, urn, checked.inputs, undefined, "create");

    const decision = await this.decide(goal, old, checked.inputs, forcedReplace);
    if (decision.op === "replace") return this.replace(goal, urn, old, checked.inputs, forcedReplace, decision.deleteBeforeReplace);
    if (decision.op === "update") return this.update(goal, urn, old, checked.inputs);
    this.record(goal, urn, "same");
    // Same: new inputs, old outputs (and so the old `__provider` in the outputs).
    const state = this.dryRun ? old : this.commit(urn, goal, { id: old.id, inputs: checked.inputs, outputs: old.outputs });
    if (this.dryRun) this.news.set(urn, old);
    return { urn, id: state.id, outputs: state.outputs, failed: false };
  }

  // `sg.diff` + `diffResource` + `applyReplaceOnChanges` + the branches of `continueStepsFromDiff`.
  private async decide(
    goal: ResourceGoal,
    old: StackResource,
    checked: Props,
    forcedReplace: boolean,
  ): Promise<{ op: "replace" | "update" | "same"; deleteBeforeReplace: boolean }> {
    if (forcedReplace) return { op: "replace", deleteBeforeReplace: goal.deleteBeforeReplace ?? false };
    const host = await this.options.host();
    const diff = await host.diff(old.id, stripSecrets(old.outputs), stripSecrets(checked), stripSecrets(old.inputs));
    let changes = diff.changes;
    // The provider reports no changed keys (the Node host never sets `diffs`); only the engine's own diff under
    // DIFF_UNKNOWN produces them, so only then can replaceOnChanges match anything.
    let changed: string[] = [];
    if (changes === "unknown") {
      const news = processIgnoreChanges(checked, old.inputs, goal.ignoreChanges ?? []);
      changed = changedKeys(old.inputs, news);
      changes = changed.length > 0 ? "some" : "none";
    }
    const hasInitErrors = (old.initErrors?.length ?? 0) > 0;
    const replaceKeys = new Set(diff.replaces);
    const paths = (goal.replaceOnChanges ?? []).map(parsePropertyPath);
    if (changes === "some" || hasInitErrors) {
      for (const key of changed) if (paths.some((p) => pathContains(p, [key]))) replaceKeys.add(key);
      if (hasInitErrors && paths.some((p) => pathContains(p, ["__initErrors"]))) {
        replaceKeys.add("__initErrors");
        changes = "some";
      }
    }
    const deleteBeforeReplace = goal.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    if (changes === "some") return { op: replaceKeys.size > 0 ? "replace" : "update", deleteBeforeReplace };
    // Unchanged but unhealthy: an empty Update to finish initializing.
    return { op: hasInitErrors ? "update" : "same", deleteBeforeReplace };
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
      const created = await host.create(stripSecrets(checked));
      if (created.id === "") throw new Error("provider did not return an ID from Create");
      const state = this.commit(urn, goal, { id: created.id, inputs: checked, outputs: this.secure(created.properties, checked, goal) });
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
    this.commit(urn, goal, { id, inputs: checked, outputs: this.secure(error.properties ?? {}, checked, goal), initErrors: error.reasons ?? [] });
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
      const updated = await host.update(old.id, stripSecrets(old.outputs), stripSecrets(checked), stripSecrets(old.inputs));
      const state = this.commit(urn, goal, { id: old.id, inputs: checked, outputs: this.secure(updated.properties, checked, goal) });
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

  private async replace(
    goal: ResourceGoal,
    urn: string,
    old: StackResource,
    checked: Props,
    forcedReplace: boolean,
    deleteBeforeReplace: boolean,
  ): Promise<RegisterResult> {
    if (goal.protect && old.protect) {
      if (!this.dryRun) this.news.set(urn, old);
      throw new DeploymentError(`unable to replace resource "${urn}" as it is currently marked for protection`);
    }
    // A replacement recomputes defaults: Check again with no old inputs, unless --replace/taint already did.
    let inputs = checked;
    if (!forcedReplace) {
      const again = await this.check({}, goal.inputs);
      if (again.failures.length > 0) {
        if (!this.dryRun) this.news.set(urn, old);
        throw Deployment.checkError(goal, again.failures);
      }
      inputs = again.inputs;
    }
    if (deleteBeforeReplace) {
      await this.deleteStep(old, true);
      if (this.failed) {
        if (!this.deleted.has(old)) this.news.set(urn, old);
        throw new DeploymentError(`delete before replace of '${goal.name}' failed`);
      }
      this.record(goal, urn, "replace");
      return this.create(goal, urn, inputs, undefined, "create-replacement");
    }
    const result = await this.create(goal, urn, inputs, old, "create-replacement");
    this.record(goal, urn, "replace");
    return result;
  }

  // `DeleteStep.Apply`: protect refuses (except as part of a replacement), retainOnDelete skips the provider call.
  private async deleteStep(res: StackResource, replacing: boolean): Promise<void> {
    const op: StepKind = replacing ? "delete-replaced" : "delete";
    if (!replacing && res.protect) {
      const text = `unable to delete resource "${res.urn}" as it is currently marked for protection`;
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
        await host.delete(res.id, stripSecrets(res.outputs), stripSecrets(res.inputs));
      } catch (error) {
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
 * old outputs and old inputs, in parallel; a blank id drops the resource; then Diff(olds = read outputs, news = old
 * inputs) only to show drift. Returns the refreshed snapshot and the steps.
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
        try {
          const h = await host();
          let initErrors: string[] | undefined;
          let read: { id: string; properties: Props; inputs?: Props };
          try {
            read = await h.read(r.id, stripSecrets(r.outputs), stripSecrets(r.inputs));
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
          const diff = await h.diff(read.id, stripSecrets(outputs), stripSecrets(r.inputs), stripSecrets(inputs));
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
