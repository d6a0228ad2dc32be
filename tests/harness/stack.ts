/**
 * `TestStack`: a stack whose operations (`up`, `preview`, `refresh`, `destroy`, `state taint/rename/delete`,
 * `config set`) follow pulumi/pulumi's engine for dynamic resources, against the real dynamic-provider host. Each
 * operation is one deployment with a fresh provider host, as the engine starts the provider plugin per operation.
 * See docs/testing-harness.md for the rules and their sources.
 */
import { Deployment, refreshSnapshot, type ResourceGoal, type StepRecord, type CheckFailure } from "./deployment";
import { REPO_ROOT, startProviderHost, type ProviderHost } from "./providerHost";
import { markSecretKeys, type Props } from "./propertyValues";
import {
  configFromProviderInputs,
  copySnapshot,
  DEFAULT_PROVIDER_NAME,
  DEFAULT_PROVIDER_TYPE,
  DYNAMIC_RESOURCE_TYPE,
  isProviderType,
  makeUrn,
  providerInputs,
  type Snapshot,
  type StackResource,
} from "./snapshot";
import { defaultParallelism } from "./semaphore";

export type { StepRecord, StepKind, CheckFailure } from "./deployment";
export type { StackResource, Snapshot } from "./snapshot";

/** Resource options of a registration. */
export interface RegistrationOptions {
  /** Input keys the program marked secret. */
  secretKeys?: string[];
  additionalSecretOutputs?: string[];
  deleteBeforeReplace?: boolean;
  /** Property paths (`a.b`, `a[0]`). */
  ignoreChanges?: string[];
  /** Property paths; act only on keys the provider reports as changed. */
  replaceOnChanges?: string[];
  /** Former names of this resource (the SDK turns them into alias URNs). */
  aliases?: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  /** `__provider` for this resource instead of the stack's. */
  providerText?: string;
  /** `replacementTrigger`: a different value than the last `up` replaces the resource without asking Diff. */
  replacementTrigger?: unknown;
  /** `import`: the id of an existing resource to adopt. */
  import?: string;
}

/** One resource a program declares. */
export interface Registration {
  name: string;
  inputs: Props;
  /** Default `pulumi-nodejs:dynamic:Resource`. */
  type?: string;
  opts?: RegistrationOptions;
}

/** Options of {@link TestStack}. */
export interface TestStackOptions {
  /** `__provider` text (see `serializeProvider`). */
  providerText: string;
  project: string;
  stack: string;
  /** Stack config (`"altcraft:token"` → value). */
  config?: Record<string, string>;
  secretKeys?: string[];
  /** Working directory of the provider host (must reach node_modules). Default: repository root. */
  cwd?: string;
  /** `--parallel`; default 4 × CPUs. */
  parallel?: number;
  /** Extra environment for the provider host. */
  env?: Record<string, string>;
  /** Node arguments that start the provider host (see `ProviderHostOptions.command`), e.g. a recording proxy. */
  hostCommand?: readonly string[];
  /** Called with each deployment as it starts (for tests that watch the engine's state, e.g. its workers). */
  observe?: (deployment: Deployment) => void;
}

/** Result of an operation. */
export interface OperationResult {
  steps: StepRecord[];
  /** Every line the provider host printed during the operation, then the engine's own diagnostics. */
  diagnostics: string[];
  /** The first failure, if any step failed. */
  error?: Error;
  /** Check failures (a registration the provider refused). */
  failures: CheckFailure[];
}

/** Options of {@link TestStack.up}. */
export interface UpOptions {
  /** `--refresh`: refresh first and use the refreshed state as the old state. */
  refresh?: boolean;
  /** `--replace`: names of resources to replace without asking Diff. */
  replace?: string[];
  /** `--target`: names of the only resources to operate on. */
  target?: string[];
}

function lines(text: string): string[] {
  return text
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((line) => line.trim() !== "");
}

/** An in-memory stack driven by engine operations. */
export class TestStack {
  private state: Snapshot = { resources: [] };
  private config: Record<string, string>;
  private secretKeys: string[];

  constructor(private readonly options: TestStackOptions) {
    this.config = { ...(options.config ?? {}) };
    this.secretKeys = [...(options.secretKeys ?? [])];
  }

  /** `pulumi up`. */
  up(registrations: Registration[], opts: UpOptions = {}): Promise<OperationResult> {
    return this.deploy("update", registrations, opts);
  }

  /** `pulumi preview`: Check (+ Diff) only; the snapshot does not change. */
  preview(registrations: Registration[], opts: { refresh?: boolean; replace?: string[]; target?: string[] } = {}): Promise<OperationResult> {
    return this.deploy("preview", registrations, opts);
  }

  /** `pulumi refresh` (with `runProgram`: `--run-program`, the provider configured from the current config). */
  async refresh(opts: { runProgram?: Registration[] } = {}): Promise<OperationResult> {
    const fromProgram = opts.runProgram !== undefined;
    return this.withHost(fromProgram ? "current" : "stored", async (host, log) => {
      const refreshed = await refreshSnapshot(this.state, host, this.parallel(), log);
      this.state = refreshed.snapshot;
      // Under --run-program the default provider is registered again with the current config.
      if (fromProgram && (opts.runProgram?.length ?? 0) > 0) this.storeProviderConfig();
      return { steps: refreshed.steps, errors: refreshed.errors, failures: [] };
    });
  }

  /** `pulumi destroy` (with `runProgram`: `--run-program`; registrations get no Check, only Delete at the end). */
  async destroy(opts: { runProgram?: Registration[] } = {}): Promise<OperationResult> {
    const fromProgram = opts.runProgram !== undefined;
    return this.withHost(fromProgram ? "current" : "stored", async (host, log) => {
      const deployment = this.deployment("destroy", host, log, {});
      if (opts.runProgram) await Promise.all(opts.runProgram.map((r) => deployment.register(this.goal(r))));
      await deployment.finish();
      this.state = deployment.snapshot();
      return { steps: deployment.steps, errors: deployment.errors, failures: [] };
    });
  }

  /** `pulumi state taint`. */
  taint(name: string): void {
    this.find(name).taint = true;
  }

  /** `pulumi state rename`. */
  renameResource(oldName: string, newName: string): void {
    const r = this.find(oldName);
    r.name = newName;
    r.urn = makeUrn(this.options.stack, this.options.project, r.type, newName, r.parent);
  }

  /**
   * `pulumi state delete` (the resource is forgotten, nothing is called). A protected resource is refused unless
   * `force` (`--force`) is given (`pkg/cmd/pulumi/state/state_delete.go`; `pkg/resource/edit/operations.go`
   * `DeleteResource` → `ResourceProtectedError`).
   */
  deleteFromState(name: string, opts: { force?: boolean } = {}): void {
    const r = this.find(name);
    if (r.protect && !opts.force) {
      throw new Error(`${r.urn} can't be safely deleted because it is protected. Re-run this command with --force to force deletion`);
    }
    this.state.resources = this.state.resources.filter((x) => x !== r);
  }

  /** `pulumi config set [--secret]`. */
  setConfig(key: string, value: string, secret = false): void {
    this.config[key] = value;
    this.secretKeys = this.secretKeys.filter((k) => k !== key);
    if (secret) this.secretKeys.push(key);
  }

  /** The snapshot: every resource state (the default provider and pending deletes included). */
  resources(): StackResource[] {
    return copySnapshot(this.state.resources);
  }

  /** The current (non pending-delete) state of a resource, or undefined. */
  resource(name: string): StackResource | undefined {
    return this.resources().find((r) => r.name === name && !r.delete && !isProviderType(r.type));
  }

  /** Replaces the snapshot (e.g. to start from a hand-made or older state). */
  setResources(resources: StackResource[]): void {
    this.state = copySnapshot({ resources });
  }

  private find(name: string): StackResource {
    const r = this.state.resources.find((x) => x.name === name && !x.delete && !isProviderType(x.type));
    if (!r) {
      const known = this.state.resources.filter((x) => !isProviderType(x.type)).map((x) => x.name).join(", ") || "none";
      throw new Error(`resource '${name}' is not in the stack (known: ${known})`);
    }
    return r;
  }

  /** The URN of a resource named on the command line (`--replace`, `--target`): its type as the state records it. */
  private urn(name: string, type?: string): string {
    const recorded = this.state.resources.find((x) => x.name === name && !isProviderType(x.type));
    return makeUrn(this.options.stack, this.options.project, type ?? recorded?.type ?? DYNAMIC_RESOURCE_TYPE, name);
  }

  private goal(r: Registration): ResourceGoal {
    const o = r.opts ?? {};
    const type = r.type ?? DYNAMIC_RESOURCE_TYPE;
    const inputs = markSecretKeys({ ...r.inputs, __provider: o.providerText ?? this.options.providerText }, o.secretKeys ?? []);
    return {
      type,
      name: r.name,
      parent: "",
      custom: true,
      inputs,
      ...(o.additionalSecretOutputs && { additionalSecretOutputs: o.additionalSecretOutputs }),
      ...(o.deleteBeforeReplace !== undefined && { deleteBeforeReplace: o.deleteBeforeReplace }),
      ...(o.ignoreChanges && { ignoreChanges: o.ignoreChanges }),
      ...(o.replaceOnChanges && { replaceOnChanges: o.replaceOnChanges }),
      ...(o.aliases && { aliases: o.aliases.map((a) => this.urn(a, type)) }),
      ...(o.protect !== undefined && { protect: o.protect }),
      ...(o.retainOnDelete !== undefined && { retainOnDelete: o.retainOnDelete }),
      ...(o.replacementTrigger !== undefined && { replacementTrigger: o.replacementTrigger }),
      ...(o.import !== undefined && { importId: o.import }),
    };
  }

  private parallel(): number {
    return this.options.parallel ?? defaultParallelism();
  }

  private storedProviderInputs(): Props | undefined {
    return this.state.resources.find((r) => r.type === DEFAULT_PROVIDER_TYPE && r.name === DEFAULT_PROVIDER_NAME)?.inputs;
  }

  private storeProviderConfig(): void {
    const provider = this.state.resources.find((r) => r.type === DEFAULT_PROVIDER_TYPE);
    if (provider) provider.inputs = provider.outputs = providerInputs(this.config, this.secretKeys);
  }

  private deployment(mode: "update" | "preview" | "destroy", host: () => Promise<ProviderHost>, log: (l: string) => void, opts: UpOptions, prev = this.state) {
    const deployment = new Deployment({
      project: this.options.project,
      stack: this.options.stack,
      mode,
      prev,
      host,
      providerInputs: providerInputs(this.config, this.secretKeys),
      parallel: this.parallel(),
      log,
      ...(opts.replace && { replaceTargets: opts.replace.map((n) => this.urn(n)) }),
      ...(opts.target && { targets: opts.target.map((n) => this.urn(n)) }),
    });
    this.options.observe?.(deployment);
    return deployment;
  }

  private async deploy(mode: "update" | "preview", registrations: Registration[], opts: UpOptions): Promise<OperationResult> {
    // A program that declares no dynamic resource never registers the default provider: the engine loads the
    // stored one (with the config of the last up) to delete what is left.
    const source = registrations.length > 0 ? "current" : "stored";
    return this.withHost(source, async (host, log, hostLines) => {
      let prev = this.state;
      const steps: StepRecord[] = [];
      const errors: string[] = [];
      if (opts.refresh) {
        // `up --refresh` refreshes with the providers of the old state, before the program runs.
        const refreshHost = source === "current" && this.configDiffers() ? this.lazyHost("stored", hostLines) : undefined;
        const refreshed = await refreshSnapshot(prev, refreshHost?.get ?? host, this.parallel(), log);
        await refreshHost?.stop();
        prev = refreshed.snapshot;
        steps.push(...refreshed.steps);
        errors.push(...refreshed.errors);
        if (mode === "update") this.state = prev;
        if (errors.length > 0) return { steps, errors, failures: [] };
      }
      const deployment = this.deployment(mode, host, log, opts, prev);
      const results = await Promise.all(registrations.map((r) => deployment.register(this.goal(r))));
      await deployment.finish();
      if (mode === "update") this.state = deployment.snapshot();
      steps.push(...deployment.steps);
      errors.push(...deployment.errors);
      return { steps, errors, failures: results.flatMap((r) => r.failures ?? []) };
    });
  }

  private configDiffers(): boolean {
    const stored = this.storedProviderInputs();
    return stored !== undefined && JSON.stringify(stored) !== JSON.stringify(providerInputs(this.config, this.secretKeys));
  }

  private configFor(source: "current" | "stored"): { config: Record<string, string>; secretKeys: string[] } {
    const stored = this.storedProviderInputs();
    if (source === "stored" && stored) return configFromProviderInputs(stored);
    return { config: this.config, secretKeys: this.secretKeys };
  }

  // Starts the host on first use, configured from the current or the stored config.
  private lazyHost(source: "current" | "stored", hostLines: string[]) {
    let started: Promise<ProviderHost> | undefined;
    const { config, secretKeys } = this.configFor(source);
    const get = (): Promise<ProviderHost> => {
      started ??= (async () => {
        const host = await startProviderHost({
          cwd: this.options.cwd ?? REPO_ROOT,
          project: this.options.project,
          ...(this.options.env && { env: this.options.env }),
          ...(this.options.hostCommand && { command: this.options.hostCommand }),
        });
        await host.configure(config, secretKeys);
        return host;
      })();
      return started;
    };
    const stop = async (): Promise<void> => {
      const host = await started?.catch(() => undefined);
      if (!host) return;
      await host.stop();
      // Everything after the port line is what the CLI relays as diagnostics.
      const out = host.output();
      hostLines.push(...lines(out.stdout.slice(out.stdout.indexOf("\n") + 1)), ...lines(out.stderr));
    };
    return { get, stop };
  }

  private async withHost(
    source: "current" | "stored",
    body: (
      host: () => Promise<ProviderHost>,
      log: (line: string) => void,
      hostLines: string[],
    ) => Promise<{ steps: StepRecord[]; errors: string[]; failures: CheckFailure[] }>,
  ): Promise<OperationResult> {
    const engineLines: string[] = [];
    const hostLines: string[] = [];
    const log = (line: string): void => void engineLines.push(line);
    const host = this.lazyHost(source, hostLines);
    let outcome: { steps: StepRecord[]; errors: string[]; failures: CheckFailure[] };
    try {
      outcome = await body(host.get, log, hostLines);
    } finally {
      await host.stop();
    }
    const result: OperationResult = {
      steps: outcome.steps,
      diagnostics: [...hostLines, ...engineLines],
      failures: outcome.failures,
    };
    if (outcome.errors.length > 0) result.error = new Error(outcome.errors[0]);
    return result;
  }
}
