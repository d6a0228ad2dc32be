/**
 * The smallest engine a Pulumi Node.js program can run against: a `ResourceMonitor` and an `Engine` on
 * 127.0.0.1:0 that record log lines and answer every registration with a made-up URN and id. Enough to watch a
 * program fail (or succeed) through the real language runtime without the full test harness.
 */
import * as path from "node:path";
import type * as GrpcModule from "@grpc/grpc-js";
import type * as EmptyModule from "google-protobuf/google/protobuf/empty_pb";
import type * as ResourcePbModule from "@pulumi/pulumi/proto/resource_pb";
import type * as ResourceGrpcModule from "@pulumi/pulumi/proto/resource_grpc_pb";
import type * as EnginePbModule from "@pulumi/pulumi/proto/engine_pb";
import type * as EngineGrpcModule from "@pulumi/pulumi/proto/engine_grpc_pb";

// The generated stubs check messages with `instanceof` against their own copies, so load those copies.
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = <T>(name: string): T => require(require.resolve(name, { paths: [PULUMI_DIR] })) as T;
const grpc = fromPulumi<typeof GrpcModule>("@grpc/grpc-js");
const emptyPb = fromPulumi<typeof EmptyModule>("google-protobuf/google/protobuf/empty_pb");
const resourcePb = fromPulumi<typeof ResourcePbModule>("@pulumi/pulumi/proto/resource_pb");
const resourceGrpc = fromPulumi<typeof ResourceGrpcModule>("@pulumi/pulumi/proto/resource_grpc_pb");
const enginePb = fromPulumi<typeof EnginePbModule>("@pulumi/pulumi/proto/engine_pb");
const engineGrpc = fromPulumi<typeof EngineGrpcModule>("@pulumi/pulumi/proto/engine_grpc_pb");

/** The entry point of the Node.js language runtime (what `pulumi up` spawns). */
export const LANGUAGE_RUNTIME = require.resolve("@pulumi/pulumi/cmd/run");

/** A running fake engine. */
export interface FakeEngine {
  /** `127.0.0.1:<port>`, for `--monitor` and `--engine`. */
  address: string;
  /** Engine.Log messages as `severity: message`. */
  logs: string[];
  /** Types and names of registered resources, `type name`. */
  registrations: string[];
  /** Each registration's request, for resource options and inputs. */
  requests: ResourcePbModule.RegisterResourceRequest[];
  close(): void;
}

/** Starts a fake engine; close it when the program has exited. */
export async function startFakeEngine(): Promise<FakeEngine> {
  const logs: string[] = [];
  const registrations: string[] = [];
  const requests: ResourcePbModule.RegisterResourceRequest[] = [];
  let root = "";
  const server = new grpc.Server();
  server.addService(resourceGrpc.ResourceMonitorService, {
    supportsFeature(call: { request: ResourcePbModule.SupportsFeatureRequest }, callback: (e: null, r: ResourcePbModule.SupportsFeatureResponse) => void) {
      const response = new resourcePb.SupportsFeatureResponse();
      response.setHassupport(false);
      callback(null, response);
      void call;
    },
    registerResource(call: { request: ResourcePbModule.RegisterResourceRequest }, callback: (e: null, r: ResourcePbModule.RegisterResourceResponse) => void) {
      const { request } = call;
      registrations.push(`${request.getType()} ${request.getName()}`);
      requests.push(request);
      const response = new resourcePb.RegisterResourceResponse();
      response.setUrn(`urn:pulumi:test::test::${request.getType()}::${request.getName()}`);
      response.setId(request.getCustom() ? `${request.getName()}-id` : "");
      callback(null, response);
    },
    registerResourceOutputs(_call: unknown, callback: (e: null, r: EmptyModule.Empty) => void) {
      callback(null, new emptyPb.Empty());
    },
    signalAndWaitForShutdown(_call: unknown, callback: (e: null, r: EmptyModule.Empty) => void) {
      callback(null, new emptyPb.Empty());
    },
  } as never);
  server.addService(engineGrpc.EngineService, {
    log(call: { request: EnginePbModule.LogRequest }, callback: (e: null, r: EmptyModule.Empty) => void) {
      const severity = ["debug", "info", "warning", "error"][call.request.getSeverity()] ?? "info";
      logs.push(`${severity}: ${call.request.getMessage()}`);
      callback(null, new emptyPb.Empty());
    },
    setRootResource(call: { request: EnginePbModule.SetRootResourceRequest }, callback: (e: null, r: EnginePbModule.SetRootResourceResponse) => void) {
      root = call.request.getUrn();
      callback(null, new enginePb.SetRootResourceResponse());
    },
    getRootResource(_call: unknown, callback: (e: null, r: EnginePbModule.GetRootResourceResponse) => void) {
      const response = new enginePb.GetRootResourceResponse();
      response.setUrn(root);
      callback(null, response);
    },
  } as never);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return { address: `127.0.0.1:${port}`, logs, registrations, requests, close: () => server.forceShutdown() };
}
