/**
 * What the Pulumi engine does for ONE custom resource of a provider that answers `acceptSecrets=false` (such as the
 * dynamic-provider host): strip secrets, Check, then Create or Diff → Update / replace, re-mark secret outputs, and
 * record state. Shared by `TestEngine` and the language-runtime harness.
 *
 * Modelled on `pkg/resource/deploy/step.go` and `pkg/resource/plugin/provider_plugin.go`, reduced to one resource at
 * a time: no dependency graph, no pending-delete bookkeeping.
 */
import type { ProviderHost } from "./providerHost";
import { ProviderHostError } from "./providerHostError";
import { annotateSecrets, deepEqual, markSecretKeys, stripSecrets, type Props } from "./propertyValues";

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
  /** Resource option `ignoreChanges` (top-level keys only). */
  ignoreChanges?: readonly string[];
  /** Resource option `replaceOnChanges` (top-level keys only, or `"*"`). */
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

function secureOutputs(outputs: Props, inputs: Props, additionalSecretOutputs: readonly string[] = []): Props {
  return markSecretKeys(annotateSecrets(outputs, inputs), additionalSecretOutputs);
}

function changedKeys(oldInputs: Props, newInputs: Props): string[] {
  const keys = new Set([...Object.keys(oldInputs), ...Object.keys(newInputs)]);
  return [...keys].filter((key) => !deepEqual(stripSecrets(oldInputs[key]), stripSecrets(newInputs[key])));
}

async function create(host: ProviderHost, request: StepRequest, checked: Props, commit: CommitState): Promise<ResourceState> {
  try {
    const created = await host.create(stripSecrets(checked));
    if (created.id === "") {
      throw new Error(`provider returned an empty resource id from create of '${request.name}'`);
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
    const updated = await host.update(old.id, stripSecrets(old.outputs), stripSecrets(checked), stripSecrets(old.inputs));
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
export async function deleteResource(host: ProviderHost, old: ResourceState, commit: CommitState): Promise<void> {
  await host.delete(old.id, stripSecrets(old.outputs), stripSecrets(old.inputs));
  commit(undefined);
}

/**
 * Refreshes a resource: Read(id, old outputs, old inputs). A blank id means the resource is gone and it is dropped
 * from state; returned inputs replace the stored ones.
 */
export async function refreshResource(host: ProviderHost, old: ResourceState, commit: CommitState): Promise<ResourceState | undefined> {
  const read = await host.read(old.id, stripSecrets(old.outputs), stripSecrets(old.inputs));
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
  const diff = await host.diff(old.id, stripSecrets(old.outputs), stripSecrets(checked), stripSecrets(old.inputs));
  const changed = changedKeys(old.inputs, checked);
  // With DIFF_UNKNOWN the engine compares old and new inputs itself (a new __provider text counts as a change).
  const hasChanges = diff.changes === "some" || (diff.changes === "unknown" && changed.length > 0);
  const replaceOnChanges = request.replaceOnChanges ?? [];
  const forcedReplace = hasChanges && changed.some((key) => replaceOnChanges.includes(key) || replaceOnChanges.includes("*"));
  const deleteBeforeReplace = diff.deleteBeforeReplace || request.deleteBeforeReplace === true;
  if (diff.replaces.length > 0 || forcedReplace) return { op: "replace", deleteBeforeReplace };
  // An unhealthy resource (initErrors) gets an Update even without changes (`continueStepsFromDiff`).
  return { op: hasChanges || (old.initErrors?.length ?? 0) > 0 ? "update" : "same", deleteBeforeReplace };
}

/**
 * Registers one resource with engine semantics. Rejects with {@link CheckFailedError} on Check failures (except
 * under dry run, where they are returned and nothing else runs) and with the host's error when a provider call fails.
 */
export async function registerStep(host: ProviderHost, request: StepRequest, commit: CommitState): Promise<StepOutcome> {
  const { old } = request;
  let news = request.inputs;
  if (old && request.ignoreChanges) {
    news = { ...news };
    for (const key of request.ignoreChanges) {
      if (key in old.inputs) news[key] = old.inputs[key];
    }
  }

  const check = await host.check(stripSecrets(old?.inputs ?? {}), stripSecrets(news));
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
  if (request.dryRun) {
    const planned = op === "same" ? old.outputs : checked;
    return { op, failures: [], state: { id: op === "replace" ? "" : old.id, inputs: checked, outputs: planned } };
  }
  switch (op) {
    case "same": {
      const state = { id: old.id, inputs: checked, outputs: old.outputs };
      commit(state);
      return { op, failures: [], state };
    }
    case "update":
      return { op, failures: [], state: await update(host, request, old, checked, commit) };
    case "replace": {
      if (deleteBeforeReplace) await deleteResource(host, old, commit);
      const state = await create(host, request, checked, commit);
      if (!deleteBeforeReplace) await host.delete(old.id, stripSecrets(old.outputs), stripSecrets(old.inputs));
      return { op, failures: [], state };
    }
  }
}
