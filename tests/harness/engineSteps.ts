/**
 * What the Pulumi engine does for ONE custom resource of a provider that answers `acceptSecrets=false` (such as the
 * dynamic-provider host): strip secrets, Check, then Create or Diff → Update / replace, re-mark secret outputs, and
 * record state. Shared by `TestEngine` and the language-runtime harness.
 *
 * Modelled on `pkg/resource/deploy/step.go` and `pkg/resource/plugin/provider_plugin.go`, reduced to one resource at
 * a time: no dependency graph, no pending-delete bookkeeping. The decisions (ignoreChanges, the engine's own diff
 * under DIFF_UNKNOWN, replaceOnChanges, deleteBeforeReplace, secrets of a Same) are the ones `TestStack` makes
 * (deployment.ts), so the two cannot drift apart.
 */
import { applyReplaceOnChanges, changedKeys, markStepSecrets } from "./deployment";
import type { CallMeta, ProviderHost } from "./providerHost";
import { ProviderHostError } from "./providerHostError";
import { processIgnoreChanges } from "./propertyPath";
import { annotateSecrets, markSecretKeys, stripSecrets, type Props } from "./propertyValues";

/** What the engine keeps in state for a resource. Secret values are kept in secret envelopes. */
export interface ResourceState {
  id: string;
  inputs: Props;
  outputs: Props;
  /** Set after an `ErrorResourceInitFailed`; the next registration then runs Update even without a diff. */
  initErrors?: string[];
}

/** The operation the engine chose for a registration. */
export type StepOp = "create" | "update" | "replace" | "same";

/** A property Check rejected. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** A registration of one resource, as the engine receives it from a program. */
export interface StepRequest {
  /** Resource name, used in error messages. */
  name: string;
  /** The URN sent with each call, as the engine sends it (the host reads none of it). */
  urn?: string;
  /** Inputs from the program, `__provider` included; secrets in secret envelopes, unknowns as the UNKNOWN sentinel. */
  inputs: Props;
  /** State from the previous deployment, if the resource exists. */
  old: ResourceState | undefined;
  /** Preview: Check and Diff only. */
  dryRun?: boolean;
  /** Resource option `additionalSecretOutputs`. */
  additionalSecretOutputs?: readonly string[];
  /** Resource option `deleteBeforeReplace`. */
  deleteBeforeReplace?: boolean;
  /** Resource option `ignoreChanges` (property paths, as the engine takes them). */
  ignoreChanges?: readonly string[];
  /** Resource option `replaceOnChanges` (property paths, `"*"` for all). */
  replaceOnChanges?: readonly string[];
}

/** Result of a registration. Under dry run `state` is the planned state (outputs not yet known are absent). */
export interface StepOutcome {
  op: StepOp;
  failures: CheckFailure[];
  state: ResourceState | undefined;
}

/** Called whenever the engine would write the snapshot: a new state for the resource, or `undefined` once deleted. */
export type CommitState = (state: ResourceState | undefined) => void;

/** Rejection of a registration whose inputs Check refused. */
export class CheckFailedError extends Error {
  readonly failures: CheckFailure[];

  constructor(name: string, failures: CheckFailure[]) {
    super(`Check failed for resource '${name}':\n${failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n")}`);
    this.name = "CheckFailedError";
    this.failures = failures;
  }
}

function meta(request: StepRequest): CallMeta | undefined {
  return request.urn !== undefined ? { urn: request.urn } : undefined;
}

function secureOutputs(outputs: Props, inputs: Props, additionalSecretOutputs: readonly string[] = []): Props {
  return markSecretKeys(annotateSecrets(outputs, inputs), additionalSecretOutputs);
}

async function create(host: ProviderHost, request: StepRequest, checked: Props, commit: CommitState): Promise<ResourceState> {
  try {
    const created = await host.create(stripSecrets(checked), meta(request));
    if (created.id === "") {
      // `provider_plugin.go` `Create`: "plugin returned empty resource.ID from create".
      throw new Error(`plugin returned empty resource.ID from create '${request.name}'`);
    }
    const state = {
      id: created.id,
      inputs: checked,
      outputs: secureOutputs(created.properties, checked, request.additionalSecretOutputs),
    };
    commit(state);
    return state;
  } catch (error) {
    // Created but unhealthy: the engine records it so that nothing is orphaned, then fails the step.
    if (error instanceof ProviderHostError && error.id !== undefined) {
      const outputs = secureOutputs(error.properties ?? {}, checked, request.additionalSecretOutputs);
      commit({ id: error.id, inputs: checked, outputs, initErrors: error.reasons ?? [] });
    }
    throw error;
  }
}

async function update(
  host: ProviderHost,
  request: StepRequest,
  old: ResourceState,
  checked: Props,
  commit: CommitState,
): Promise<ResourceState> {
  try {
    const updated = await host.update(old.id, stripSecrets(old.outputs), stripSecrets(checked), stripSecrets(old.inputs), meta(request));
    const state = {
      id: old.id,
      inputs: checked,
      outputs: secureOutputs(updated.properties, checked, request.additionalSecretOutputs),
    };
    commit(state);
    return state;
  } catch (error) {
    if (error instanceof ProviderHostError && error.id !== undefined) {
      const outputs = secureOutputs(error.properties ?? {}, checked, request.additionalSecretOutputs);
      commit({ id: old.id, inputs: checked, outputs, initErrors: error.reasons ?? [] });
    }
    throw error;
  }
}

/** Deletes a resource the way the engine does: with its old outputs (and so the old `__provider`). */
export async function deleteResource(host: ProviderHost, old: ResourceState, commit: CommitState, urn?: string): Promise<void> {
  await host.delete(old.id, stripSecrets(old.outputs), stripSecrets(old.inputs), urn !== undefined ? { urn } : undefined);
  commit(undefined);
}

/**
 * Refreshes a resource: Read(id, old outputs, old inputs). A blank id means the resource is gone and it is dropped
 * from state; returned inputs replace the stored ones.
 */
export async function refreshResource(host: ProviderHost, old: ResourceState, commit: CommitState, urn?: string): Promise<ResourceState | undefined> {
  const read = await host.read(old.id, stripSecrets(old.outputs), stripSecrets(old.inputs), urn !== undefined ? { urn } : undefined);
  if (read.id === "") {
    commit(undefined);
    return undefined;
  }
  const state = {
    id: read.id,
    inputs: read.inputs ? annotateSecrets(read.inputs, old.inputs) : old.inputs,
    outputs: annotateSecrets(read.properties, old.outputs),
  };
  commit(state);
  return state;
}

async function decide(host: ProviderHost, request: StepRequest, old: ResourceState, checked: Props): Promise<{ op: Exclude<StepOp, "create">; deleteBeforeReplace: boolean }> {
  const diff = await host.diff(old.id, stripSecrets(old.outputs), stripSecrets(checked), stripSecrets(old.inputs), meta(request));
  // The Node host never reports changed keys; with DIFF_UNKNOWN the engine compares old and new inputs itself, after
  // ignoreChanges (a new __provider text counts as a change) (`step_generator.go`: `diffResource`).
  let changes: "some" | "none" = diff.changes === "some" ? "some" : "none";
  let changed: string[] = [];
  if (diff.changes === "unknown") {
    changed = changedKeys(old.inputs, processIgnoreChanges(checked, old.inputs, request.ignoreChanges ?? []));
    changes = changed.length > 0 ? "some" : "none";
  }
  const hasInitErrors = (old.initErrors?.length ?? 0) > 0;
  const applied = applyReplaceOnChanges({ changes, replaces: diff.replaces, changed }, request.replaceOnChanges ?? [], hasInitErrors);
  // The option, true or false, overrides the provider (`continueStepsFromDiff`).
  const deleteBeforeReplace = request.deleteBeforeReplace ?? diff.deleteBeforeReplace;
  if (applied.changes === "some") return { op: applied.replaces.length > 0 ? "replace" : "update", deleteBeforeReplace };
  // An unhealthy resource (initErrors) gets an Update even without changes (`continueStepsFromDiff`).
  return { op: hasInitErrors ? "update" : "same", deleteBeforeReplace };
}

/**
 * Registers one resource with engine semantics. Rejects with {@link CheckFailedError} on Check failures (except
 * under dry run, where they are returned and nothing else runs) and with the host's error when a provider call fails.
 */
export async function registerStep(host: ProviderHost, request: StepRequest, commit: CommitState): Promise<StepOutcome> {
  const { old } = request;
  // ignoreChanges: the old value at each path, and a value the old inputs lack is removed (`processIgnoreChanges`).
  const news = old ? processIgnoreChanges(request.inputs, old.inputs, request.ignoreChanges ?? []) : request.inputs;

  const check = await host.check(stripSecrets(old?.inputs ?? {}), stripSecrets(news), meta(request));
  const checked = annotateSecrets(check.inputs, news);
  if (check.failures.length > 0) {
    if (!request.dryRun) throw new CheckFailedError(request.name, check.failures);
    return { op: old ? "update" : "create", failures: check.failures, state: undefined };
  }

  if (!old) {
    if (request.dryRun) return { op: "create", failures: [], state: { id: "", inputs: checked, outputs: checked } };
    return { op: "create", failures: [], state: await create(host, request, checked, commit) };
  }

  const { op, deleteBeforeReplace } = await decide(host, request, old, checked);
  // A replacement recomputes defaults: Check again with empty olds, also under preview (`continueStepsFromDiff`).
  let replacementInputs = checked;
  if (op === "replace") {
    const again = await host.check({}, stripSecrets(request.inputs), meta(request));
    if (again.failures.length > 0) {
      if (!request.dryRun) throw new CheckFailedError(request.name, again.failures);
      return { op, failures: again.failures, state: undefined };
    }
    replacementInputs = annotateSecrets(again.inputs, request.inputs);
  }
  if (request.dryRun) {
    const planned = op === "same" ? old.outputs : op === "replace" ? replacementInputs : checked;
    return { op, failures: [], state: { id: op === "replace" ? "" : old.id, inputs: op === "replace" ? replacementInputs : checked, outputs: planned } };
  }
  switch (op) {
    case "same": {
      // Old id and outputs; secrets marked again by the new inputs and options (`step_executor.go`).
      const state = { id: old.id, inputs: checked, outputs: markStepSecrets(old.outputs, checked, request.additionalSecretOutputs) };
      commit(state);
      return { op, failures: [], state };
    }
    case "update":
      return { op, failures: [], state: await update(host, request, old, checked, commit) };
    case "replace": {
      if (deleteBeforeReplace) await deleteResource(host, old, commit, request.urn);
      const state = await create(host, request, replacementInputs, commit);
      if (!deleteBeforeReplace) await host.delete(old.id, stripSecrets(old.outputs), stripSecrets(old.inputs), meta(request));
      return { op, failures: [], state };
    }
  }
}
