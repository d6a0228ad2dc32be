/**
 * Drives Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, the way the engine
 * does, without the Pulumi CLI. Every call is one RPC; engine semantics (secret stripping, step order) live in
 * `engineSteps.ts` on top of this.
 */
import * as path from "node:path";
import type { ServiceError } from "@grpc/grpc-js";
import type { Client } from "@grpc/grpc-js";
import type { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { spawnNode, type SupervisedChild } from "./childProcess";
import { DYNAMIC_PROVIDER_ENTRY, grpc, providerGrpc, providerPb } from "./pulumiModules";
import { fromStruct, secret, toStruct, type Props } from "./propertyValues";
import { toProviderHostError } from "./providerHostError";

export type { Props } from "./propertyValues";

/** Repository root: it holds the node_modules the provider closures require from. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Config namespace used when no project is given. */
export const DEFAULT_PROJECT = "altcraft-test";

const STARTUP_TIMEOUT_MS = 20_000;
// The engine passes its own address; the host never dials it, so any address will do.
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:1";

/** Options for {@link startProviderHost}. */
export interface ProviderHostOptions {
  /** Working directory of the host; it must reach a node_modules with everything the closures require. Default: repo root. */
  cwd?: string;
  /** Extra environment for the host process (merged over this process's environment). */
  env?: Record<string, string>;
  /** `PULUMI_NODEJS_PROJECT`, the namespace `config.get("key")` looks in. Default `"altcraft-test"`. */
  project?: string;
  /**
   * Node arguments that start the host instead of `@pulumi/pulumi/cmd/dynamic-provider` (the engine's address is
   * appended), e.g. a recording proxy that starts the host itself and prints its own port first, as a plugin does.
   */
  command?: readonly string[];
}

/** Result of Check. */
export interface CheckResult {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

/** Result of Diff. */
export interface DiffResult {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * What the engine sends with every resource call besides the properties: the resource's URN, and its name and type
 * taken from the URN (`provider_plugin.go`: `Check`, `Diff`, `Create`, `Read`, `Update`, `Delete`). The dynamic-provider
 * host reads none of it; a recording of the calls (tests/e2e/support/recording-provider.ts) shows which resource a call
 * was for, as it does for the engine's calls.
 */
export interface CallMeta {
  urn?: string;
}

/** A running dynamic-provider host and typed wrappers for its RPCs. Failed RPCs reject with a `ProviderHostError`. */
export interface ProviderHost {
  /**
   * Configure: keys like `"altcraft:token"`; keys in `secretKeys` are sent in secret envelopes in `args`, as the engine
   * does, and as plain `pulumi-nodejs:config:<key>` variables (`provider_plugin.go`: `Configure`).
   */
  configure(config: Record<string, string>, secretKeys?: string[]): Promise<void>;
  check(olds: Props, news: Props, meta?: CallMeta): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props, oldInputs?: Props, meta?: CallMeta): Promise<DiffResult>;
  create(properties: Props, meta?: CallMeta): Promise<{ id: string; properties: Props }>;
  read(id: string, properties: Props, inputs?: Props, meta?: CallMeta): Promise<{ id: string; properties: Props; inputs?: Props }>;
  update(id: string, olds: Props, news: Props, oldInputs?: Props, meta?: CallMeta): Promise<{ properties: Props }>;
  delete(id: string, properties: Props, oldInputs?: Props, meta?: CallMeta): Promise<void>;
  /** Everything the host printed so far. */
  output(): { stdout: string; stderr: string };
  pid: number;
  /** SIGINT, then SIGKILL after 5 s, like the engine. Safe to call twice. */
  stop(): Promise<void>;
}

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

function rpc<Res>(method: string, invoke: (callback: Callback<Res>) => unknown): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    invoke((error, response) => (error ? reject(toProviderHostError(method, error)) : resolve(response)));
  });
}

function waitForReady(client: Client, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve()));
  });
}

/** Sets `urn`, `name` and `type` on a request the way the engine fills them from the URN. */
function setMeta(request: { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown }, meta: CallMeta | undefined): void {
  if (!meta?.urn) return;
  const parts = meta.urn.split("::");
  request.setUrn(meta.urn);
  request.setName(parts[parts.length - 1] ?? "");
  request.setType((parts[parts.length - 2] ?? "").split("$").pop() ?? "");
}

const DIFF_CHANGES: Record<number, DiffResult["changes"]> = {
  [providerPb.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
  [providerPb.DiffResponse.DiffChanges.DIFF_NONE]: "none",
  [providerPb.DiffResponse.DiffChanges.DIFF_SOME]: "some",
};

class GrpcProviderHost implements ProviderHost {
  readonly pid: number;
  private configured = false;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly child: SupervisedChild,
    private readonly client: ResourceProviderClient,
  ) {
    this.pid = child.pid;
  }

  async configure(config: Record<string, string>, secretKeys: string[] = []): Promise<void> {
    const args: Props = {};
    const request = new providerPb.ConfigureRequest();
    for (const [key, value] of Object.entries(config)) {
      args[key] = secretKeys.includes(key) ? secret(value) : value;
      request.getVariablesMap().set(`pulumi-nodejs:config:${key}`, value);
    }
    request.setArgs(toStruct(args));
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    await rpc("configure", (cb) => this.client.configure(request, cb));
    this.configured = true;
  }

  async check(olds: Props, news: Props, meta?: CallMeta): Promise<CheckResult> {
    await this.ensureConfigured();
    const request = new providerPb.CheckRequest();
    setMeta(request, meta);
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    const response = await rpc<InstanceType<typeof providerPb.CheckResponse>>("check", (cb) =>
      this.client.check(request, cb),
    );
    return {
      inputs: fromStruct(response.getInputs()),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, olds: Props, news: Props, oldInputs?: Props, meta?: CallMeta): Promise<DiffResult> {
    await this.ensureConfigured();
    const request = new providerPb.DiffRequest();
    setMeta(request, meta);
    request.setId(id);
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    if (oldInputs) request.setOldInputs(toStruct(oldInputs));
    const response = await rpc<InstanceType<typeof providerPb.DiffResponse>>("diff", (cb) =>
      this.client.diff(request, cb),
    );
    return {
      changes: DIFF_CHANGES[response.getChanges()] ?? "unknown",
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(properties: Props, meta?: CallMeta): Promise<{ id: string; properties: Props }> {
    await this.ensureConfigured();
    const request = new providerPb.CreateRequest();
    setMeta(request, meta);
    request.setProperties(toStruct(properties));
    const response = await rpc<InstanceType<typeof providerPb.CreateResponse>>("create", (cb) =>
      this.client.create(request, cb),
    );
    return { id: response.getId(), properties: fromStruct(response.getProperties()) };
  }

  async read(id: string, properties: Props, inputs?: Props, meta?: CallMeta): Promise<{ id: string; properties: Props; inputs?: Props }> {
    await this.ensureConfigured();
    const request = new providerPb.ReadRequest();
    setMeta(request, meta);
    request.setId(id);
    request.setProperties(toStruct(properties));
    if (inputs) request.setInputs(toStruct(inputs));
    const response = await rpc<InstanceType<typeof providerPb.ReadResponse>>("read", (cb) =>
      this.client.read(request, cb),
    );
    const result: { id: string; properties: Props; inputs?: Props } = {
      id: response.getId(),
      properties: fromStruct(response.getProperties()),
    };
    if (response.hasInputs()) result.inputs = fromStruct(response.getInputs());
    return result;
  }

  async update(id: string, olds: Props, news: Props, oldInputs?: Props, meta?: CallMeta): Promise<{ properties: Props }> {
    await this.ensureConfigured();
    const request = new providerPb.UpdateRequest();
    setMeta(request, meta);
    request.setId(id);
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    if (oldInputs) request.setOldInputs(toStruct(oldInputs));
    const response = await rpc<InstanceType<typeof providerPb.UpdateResponse>>("update", (cb) =>
      this.client.update(request, cb),
    );
    return { properties: fromStruct(response.getProperties()) };
  }

  async delete(id: string, properties: Props, oldInputs?: Props, meta?: CallMeta): Promise<void> {
    await this.ensureConfigured();
    const request = new providerPb.DeleteRequest();
    setMeta(request, meta);
    request.setId(id);
    request.setProperties(toStruct(properties));
    if (oldInputs) request.setOldInputs(toStruct(oldInputs));
    await rpc("delete", (cb) => this.client.delete(request, cb));
  }

  output(): { stdout: string; stderr: string } {
    return { stdout: this.child.stdout(), stderr: this.child.stderr() };
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.client.close();
      await this.child.stop();
    })();
    return this.stopping;
  }

  // The engine always sends Configure before any resource call; a provider with `configure` breaks without it.
  private async ensureConfigured(): Promise<void> {
    if (!this.configured) await this.configure({});
  }
}

/** Starts the real dynamic-provider host, waits for its port line and a ready channel. */
export async function startProviderHost(options: ProviderHostOptions = {}): Promise<ProviderHost> {
  const child = spawnNode([...(options.command ?? [DYNAMIC_PROVIDER_ENTRY]), UNUSED_ENGINE_ADDRESS], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, PULUMI_NODEJS_PROJECT: options.project ?? DEFAULT_PROJECT, ...options.env },
  });
  try {
    const portLine = await child.firstStdoutLine(STARTUP_TIMEOUT_MS);
    if (!/^\d+$/.test(portLine)) {
      throw new Error(`dynamic-provider host printed ${JSON.stringify(portLine)} instead of its port`);
    }
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${portLine}`, grpc.credentials.createInsecure());
    try {
      await waitForReady(client, STARTUP_TIMEOUT_MS);
    } catch (error) {
      client.close();
      throw error;
    }
    return new GrpcProviderHost(child, client);
  } catch (error) {
    await child.stop();
    throw error;
  }
}
