/**
 * A stack's state kept across deployments, each of which talks to its own provider process, as Pulumi runs them:
 * one provider process per `pulumi up`, `refresh`, `preview` or `destroy`, so what a provider remembers within a
 * deployment never leaks into the next. Engine semantics come from the harness's engineSteps.
 */
import { deleteResource, refreshResource, registerStep, type ResourceState, type StepOp } from "../tests/harness/engineSteps";
import type { ProviderHost, Props } from "../tests/harness/providerHost";
import { defaultParallelism, Semaphore } from "../tests/harness/semaphore";

/** One deployment's operations on the shared state. */
export interface Deployment {
  /** Check → Create, or Check → Diff → Update (as `pulumi up` registers one resource). */
  up(name: string, inputs: Props): Promise<StepOp>;
  /** Check (→ Diff) only; resolves with the op and Check's failures. */
  preview(name: string, inputs: Props): Promise<{ op: StepOp; failures: unknown[] }>;
  /** Read; resolves true when the resource is gone. */
  refresh(name: string): Promise<boolean>;
  /** Delete. */
  destroy(name: string): Promise<void>;
}

/** Resource states by name, and deployments over them. */
export class StackState {
  private readonly resources = new Map<string, ResourceState>();

  constructor(private readonly providerText: string) {}

  /** A deployment whose provider calls all go to `host`, with at most `parallel` steps at once (`--parallel`). */
  on(parallelHost: ProviderHost, parallel = defaultParallelism()): Deployment {
    const host = asTheEngineCalls(parallelHost, parallel);
    const commit = (name: string) => (state: ResourceState | undefined) => {
      if (state) this.resources.set(name, state);
      else this.resources.delete(name);
    };
    const request = (name: string, inputs: Props, dryRun: boolean) => ({
      name,
      inputs: { ...inputs, __provider: this.providerText },
      old: this.resources.get(name),
      dryRun,
    });
    return {
      up: async (name, inputs) => (await registerStep(host, request(name, inputs, false), commit(name))).op,
      preview: async (name, inputs) => {
        const outcome = await registerStep(host, request(name, inputs, true), () => undefined);
        return { op: outcome.op, failures: outcome.failures };
      },
      refresh: async (name) => (await refreshResource(host, this.require(name), commit(name))) === undefined,
      destroy: (name) => deleteResource(host, this.require(name), commit(name)),
    };
  }

  private require(name: string): ResourceState {
    const state = this.resources.get(name);
    if (!state) throw new Error(`resource '${name}' is not in state`);
    return state;
  }
}

/**
 * The host called the way the engine calls it: Check calls one at a time (deployment_executor.go `handleSingleEvent`
 * → `GenerateSteps` → `continueStepsFromImport`, inline); Diffs in parallel; the steps (Create, Update, Delete, and a
 * refresh's Read) by at most `pulumi up`'s default `--parallel` workers, 4 × the CPUs (step_executor.go
 * `newStepExecutor`, operations/up.go `defaultParallel`).
 */
function asTheEngineCalls(host: ProviderHost, parallel: number): ProviderHost {
  let chain: Promise<unknown> = Promise.resolve();
  const workers = new Semaphore(parallel);
  return {
    ...host,
    configure: host.configure.bind(host),
    diff: host.diff.bind(host),
    create: (...args) => workers.run(() => host.create(...args)),
    read: (...args) => workers.run(() => host.read(...args)),
    update: (...args) => workers.run(() => host.update(...args)),
    delete: (...args) => workers.run(() => host.delete(...args)),
    output: host.output.bind(host),
    stop: host.stop.bind(host),
    check: (olds, news) => {
      const run = chain.then(() => host.check(olds, news));
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
