/**
 * Runs a policy pack the way the Pulumi engine does and talks to it over gRPC as the engine does.
 *
 * The engine asks the Node.js language host to run the pack (`RunPlugin`, kind `analyzer`): it resolves
 * `@pulumi/pulumi/cmd/run-policy-pack` from the pack's folder, runs `node <that> <engine address> <pack dir>` with the
 * pack's folder as the working directory and the stack in `PULUMI_NODEJS_*`/`PULUMI_CONFIG`, reads the port from the
 * first stdout line, then calls `ConfigureStack`, `GetAnalyzerInfo`, `Configure` (schema defaults filled in, as
 * `ReconcilePolicyPackConfig` does), and `Analyze` per resource / `AnalyzeStack` at the end.
 * (pulumi/pulumi: pkg/resource/plugin/analyzer_plugin.go, sdk/nodejs/cmd/pulumi-language-nodejs/main.go, pkg/engine/update.go)
 */
import * as path from "node:path";
import type * as AnalyzerPbModule from "@pulumi/pulumi/proto/analyzer_pb";
import type * as AnalyzerGrpcModule from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { spawnNode, type SupervisedChild } from "../../harness/childProcess";
import { toStruct, type Props } from "../../harness/propertyValues";
import { emptyPb, grpc, PULUMI_PACKAGE_DIR } from "../../harness/pulumiModules";

const analyzerPb = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [PULUMI_PACKAGE_DIR] })) as typeof AnalyzerPbModule;
const analyzerGrpc = require(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb", { paths: [PULUMI_PACKAGE_DIR] })) as typeof AnalyzerGrpcModule;

/** The enforcement levels the analyzer reports. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

/** One `AnalyzeDiagnostic`, as the engine turns it into a policy violation event. */
export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  enforcementLevel: EnforcementLevel;
  description: string;
  message: string;
  urn: string;
}

/** What `GetAnalyzerInfo` says about one policy. */
export interface PolicyInfo {
  name: string;
  enforcementLevel: EnforcementLevel;
  configSchema: Record<string, Record<string, unknown>>;
}

/** A policy's config as `--policy-pack-config` gives it: properties, plus an optional enforcement level. */
export type PolicyConfig = Record<string, unknown> & { enforcementLevel?: EnforcementLevel };

/** A resource as the engine describes it to `Analyze`. */
export interface AnalyzedResource {
  type: string;
  name: string;
  properties: Props;
  /** Defaults to the URN the engine would build for the stack and project. */
  urn?: string;
  protect?: boolean;
}

/** How to start the pack. */
export interface AnalyzerOptions {
  /** The folder passed to `--policy-pack`. */
  packDir: string;
  stack: string;
  project?: string;
  dryRun?: boolean;
  /** Extra environment for the pack process. */
  env?: NodeJS.ProcessEnv;
}

/** A running policy pack and an engine-side client for it. */
export interface PolicyAnalyzer {
  readonly stack: string;
  readonly project: string;
  info(): Promise<{ name: string; version: string; supportsConfig: boolean; policies: PolicyInfo[] }>;
  /** `Configure` with the schema defaults filled in and `config` applied over them, as the engine does. */
  configure(config?: Record<string, PolicyConfig>): Promise<void>;
  analyze(resource: AnalyzedResource): Promise<Diagnostic[]>;
  analyzeStack(resources: AnalyzedResource[]): Promise<Diagnostic[]>;
  /** The URN the engine gives a resource of this stack. */
  urn(type: string, name: string): string;
  stderr(): string;
  stop(): Promise<void>;
}

/** The entry the language host resolves for policy packs, looked up from the pack's folder as it does. */
export function runPolicyPackEntry(packDir: string): string {
  return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
}

/** Starts the pack at `options.packDir` and connects to it. */
export async function startPolicyAnalyzer(options: AnalyzerOptions): Promise<PolicyAnalyzer> {
  const project = options.project ?? "altcraft-policy-test";
  const packDir = path.resolve(options.packDir);
  const child = spawnNode([runPolicyPackEntry(packDir), "127.0.0.1:0", packDir], {
    cwd: packDir,
    env: {
      ...process.env,
      ...options.env,
      PULUMI_NODEJS_PROJECT: project,
      PULUMI_NODEJS_STACK: options.stack,
      PULUMI_NODEJS_DRY_RUN: String(options.dryRun ?? true),
      PULUMI_CONFIG: "{}",
    },
  });
  let client: InstanceType<typeof analyzerGrpc.AnalyzerClient>;
  try {
    const port = await child.firstStdoutLine(30_000);
    if (!/^\d+$/.test(port)) throw new Error(`expected a port on stdout, got ${JSON.stringify(port)}; stderr:\n${child.stderr()}`);
    client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const stackRequest = new analyzerPb.AnalyzerStackConfigureRequest().setStack(options.stack).setProject(project).setDryRun(options.dryRun ?? true);
    await call<unknown>((cb) => client.configureStack(stackRequest, cb));
  } catch (error) {
    await child.stop();
    throw error;
  }
  return makeAnalyzer(client, child, options.stack, project);
}

function makeAnalyzer(client: InstanceType<typeof analyzerGrpc.AnalyzerClient>, child: SupervisedChild, stack: string, project: string): PolicyAnalyzer {
  const urn = (type: string, name: string): string => `urn:pulumi:${stack}::${project}::${type}::${name}`;
  const info: PolicyAnalyzer["info"] = async () => {
    const response = await call<AnalyzerPbModule.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new emptyPb.Empty(), cb));
    return {
      name: response.getName(),
      version: response.getVersion(),
      supportsConfig: response.getSupportsconfig(),
      policies: response.getPoliciesList().map((p) => ({
        name: p.getName(),
        enforcementLevel: levelName(p.getEnforcementlevel()),
        configSchema: (p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as PolicyInfo["configSchema"],
      })),
    };
  };
  return {
    stack,
    project,
    info,
    urn,
    async configure(config = {}) {
      const request = new analyzerPb.ConfigureAnalyzerRequest();
      for (const policy of (await info()).policies) {
        const defaults = Object.fromEntries(
          Object.entries(policy.configSchema).flatMap(([key, schema]) => ("default" in schema ? [[key, schema.default]] : [])),
        );
        const { enforcementLevel, ...given } = config[policy.name] ?? {};
        const entry = new analyzerPb.PolicyConfig()
          .setEnforcementlevel(LEVELS.indexOf(enforcementLevel ?? policy.enforcementLevel))
          .setProperties(toStruct({ ...defaults, ...given }));
        request.getPolicyconfigMap().set(policy.name, entry);
      }
      await call<unknown>((cb) => client.configure(request, cb));
    },
    async analyze(resource) {
      const request = analyzeRequest(resource, urn);
      const response = await call<AnalyzerPbModule.AnalyzeResponse>((cb) => client.analyze(request, cb));
      // The engine attributes a resource's violations to the analyzed resource's URN.
      return response.getDiagnosticsList().map((d) => ({ ...toDiagnostic(d), urn: d.getUrn() || request.getUrn() }));
    },
    async analyzeStack(resources) {
      const request = new analyzerPb.AnalyzeStackRequest().setResourcesList(
        resources.map((r) =>
          new analyzerPb.AnalyzerResource()
            .setType(r.type)
            .setName(r.name)
            .setUrn(r.urn ?? urn(r.type, r.name))
            .setProperties(toStruct(r.properties))
            .setOptions(resourceOptions(r)),
        ),
      );
      const response = await call<AnalyzerPbModule.AnalyzeResponse>((cb) => client.analyzeStack(request, cb));
      return response.getDiagnosticsList().map(toDiagnostic);
    },
    stderr: () => child.stderr(),
    async stop() {
      client.close();
      await child.stop();
    },
  };
}

// The engine sends the checked inputs of the resource, its options and its provider reference.
function analyzeRequest(resource: AnalyzedResource, urn: (type: string, name: string) => string): AnalyzerPbModule.AnalyzeRequest {
  const provider = new analyzerPb.AnalyzerProviderResource()
    .setType("pulumi:providers:pulumi-nodejs")
    .setName("default")
    .setUrn(urn("pulumi:providers:pulumi-nodejs", "default"))
    .setProperties(toStruct({}));
  return new analyzerPb.AnalyzeRequest()
    .setType(resource.type)
    .setName(resource.name)
    .setUrn(resource.urn ?? urn(resource.type, resource.name))
    .setProperties(toStruct(resource.properties))
    .setOptions(resourceOptions(resource))
    .setProvider(provider);
}

function resourceOptions(resource: AnalyzedResource): AnalyzerPbModule.AnalyzerResourceOptions {
  return new analyzerPb.AnalyzerResourceOptions()
    .setProtect(resource.protect ?? false)
    .setCustomtimeouts(new analyzerPb.AnalyzerResourceOptions.CustomTimeouts());
}

function toDiagnostic(d: AnalyzerPbModule.AnalyzeDiagnostic): Diagnostic {
  return {
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    policyPackVersion: d.getPolicypackversion(),
    enforcementLevel: levelName(d.getEnforcementlevel()),
    description: d.getDescription(),
    message: d.getMessage(),
    urn: d.getUrn(),
  };
}

function levelName(level: number): EnforcementLevel {
  const name = LEVELS[level];
  if (!name) throw new Error(`unknown enforcement level ${level}`);
  return name;
}

function call<T>(invoke: (callback: (error: Error | null, response: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));
}
