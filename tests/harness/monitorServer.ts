/**
 * The gRPC side of a program run: a `pulumirpc.ResourceMonitor` and a `pulumirpc.Engine` on 127.0.0.1:0 that the
 * Node.js language runtime connects to. Everything not listed here answers UNIMPLEMENTED (grpc-js does that for
 * missing handlers), which the SDK treats as "older engine" and falls back from.
 */
import type { IEngineServer } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { IResourceMonitorServer } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { emptyPb, engineGrpc, enginePb, grpc, resourceGrpc, resourcePb } from "./pulumiModules";
import { fromStruct, toStruct } from "./propertyValues";
import type { ProgramDeployment } from "./programDeployment";

// Answering SupportsFeature("secrets") lets the SDK send secret envelopes; everything else stays off so inputs
// arrive as plain values (no Output values, no resource references) and the SDK computes alias URNs itself.
/** The engine's gRPC message limit: 400 MB. */
export const MAX_RPC_MESSAGE_SIZE = 1024 * 1024 * 400;

const SUPPORTED_FEATURES = new Set(["secrets"]);

const SEVERITY_NAMES: Record<number, string> = {
  [enginePb.LogSeverity.DEBUG]: "debug",
  [enginePb.LogSeverity.INFO]: "info",
  [enginePb.LogSeverity.WARNING]: "warning",
  [enginePb.LogSeverity.ERROR]: "error",
};

/** Where diagnostics go: `log` gets what the CLI would show, `debug` gets debug-severity messages. */
export interface LogSinks {
  log: (line: string) => void;
  debug: (line: string) => void;
}

/** A running monitor server. */
export interface MonitorServer {
  /** `127.0.0.1:<port>`, for `--monitor` and `--engine`. */
  address: string;
  /** True once the program called SignalAndWaitForShutdown. */
  shutdownSignalled(): boolean;
  close(): Promise<void>;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Starts the monitor and engine services for one deployment. */
export async function startMonitorServer(deployment: ProgramDeployment, sinks: LogSinks): Promise<MonitorServer> {
  let signalled = false;

  const monitor: Pick<
    IResourceMonitorServer,
    "supportsFeature" | "registerResource" | "registerResourceOutputs" | "signalAndWaitForShutdown"
  > = {
    supportsFeature(call, callback) {
      const response = new resourcePb.SupportsFeatureResponse();
      response.setHassupport(SUPPORTED_FEATURES.has(call.request.getId()));
      callback(null, response);
    },
    registerResource(call, callback) {
      const request = call.request;
      deployment
        .register({
          type: request.getType(),
          name: request.getName(),
          parent: request.getParent(),
          custom: request.getCustom(),
          inputs: fromStruct(request.getObject()),
          additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
          ...(request.getDeletebeforereplacedefined() && { deleteBeforeReplace: request.getDeletebeforereplace() }),
          ignoreChanges: request.getIgnorechangesList(),
          replaceOnChanges: request.getReplaceonchangesList(),
          aliases: request.getAliasurnsList(),
          ...(request.hasProtect() && { protect: request.getProtect() === true }),
          ...(request.hasRetainondelete() && { retainOnDelete: request.getRetainondelete() === true }),
          // Passed on, not dropped: the engine replaces on a changed trigger and imports an `import` id
          // (`step_generator.go`: `generateStepsFromDiff` / `shouldTriggerReplace`, `continueStepsFromRefresh` isImport).
          ...(request.hasReplacementTrigger() && { replacementTrigger: request.getReplacementTrigger()?.toJavaScript() }),
          ...(request.getImportid() !== "" && { importId: request.getImportid() }),
        })
        .then(
          (reply) => {
            const response = new resourcePb.RegisterResourceResponse();
            response.setUrn(reply.urn);
            response.setId(reply.id);
            response.setObject(toStruct(reply.outputs));
            response.setResult(reply.failed ? resourcePb.Result.FAIL : resourcePb.Result.SUCCESS);
            callback(null, response);
          },
          (error: unknown) => callback({ code: grpc.status.INTERNAL, details: errorMessage(error) }),
        );
    },
    registerResourceOutputs(call, callback) {
      deployment.registerOutputs(call.request.getUrn(), fromStruct(call.request.getOutputs()));
      callback(null, new emptyPb.Empty());
    },
    signalAndWaitForShutdown(_call, callback) {
      signalled = true;
      deployment.finish().then(
        () => callback(null, new emptyPb.Empty()),
        (error: unknown) => callback({ code: grpc.status.INTERNAL, details: errorMessage(error) }),
      );
    },
  };

  const engine: Pick<IEngineServer, "log" | "setRootResource" | "getRootResource"> = {
    log(call, callback) {
      const severity = SEVERITY_NAMES[call.request.getSeverity()] ?? "info";
      const line = `${severity}: ${call.request.getMessage()}`;
      if (severity === "debug") sinks.debug(line);
      else sinks.log(line);
      callback(null, new emptyPb.Empty());
    },
    setRootResource(call, callback) {
      deployment.setRootUrn(call.request.getUrn());
      callback(null, new enginePb.SetRootResourceResponse());
    },
    getRootResource(_call, callback) {
      const response = new enginePb.GetRootResourceResponse();
      response.setUrn(deployment.getRootUrn());
      callback(null, response);
    },
  };

  // The engine's gRPC servers accept messages up to 400 MB (`sdk/go/common/util/rpcutil/serve.go`,
  // maxRPCMessageSize); grpc-js defaults to 4 MB, which would drop a large program error on the floor.
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_RPC_MESSAGE_SIZE });
  server.addService(resourceGrpc.ResourceMonitorService, monitor);
  server.addService(engineGrpc.EngineService, engine);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });

  return {
    address: `127.0.0.1:${port}`,
    shutdownSignalled: () => signalled,
    close: async () => {
      // The program has exited by now; anything still open is a dead connection, so don't wait on it.
      server.forceShutdown();
    },
  };
}
