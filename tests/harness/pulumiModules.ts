/**
 * Loads the gRPC runtime, protobuf well-known types and Pulumi's generated protocol stubs.
 *
 * `@grpc/grpc-js` and `google-protobuf` are resolved from `@pulumi/pulumi`'s own directory: the generated stubs
 * check message objects with `instanceof` against the copies they were built with, so a second copy elsewhere in
 * node_modules would make every request fail to serialize.
 */
import * as path from "node:path";
import type * as GrpcModule from "@grpc/grpc-js";
import type * as StructModule from "google-protobuf/google/protobuf/struct_pb";
import type * as EmptyModule from "google-protobuf/google/protobuf/empty_pb";
import type * as AnyModule from "google-protobuf/google/protobuf/any_pb";
import type * as ProviderPbModule from "@pulumi/pulumi/proto/provider_pb";
import type * as ProviderGrpcModule from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ResourcePbModule from "@pulumi/pulumi/proto/resource_pb";
import type * as ResourceGrpcModule from "@pulumi/pulumi/proto/resource_grpc_pb";
import type * as EnginePbModule from "@pulumi/pulumi/proto/engine_pb";
import type * as EngineGrpcModule from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as StatusPbModule from "@pulumi/pulumi/proto/status_pb";

/** Directory of the installed `@pulumi/pulumi` package. */
export const PULUMI_PACKAGE_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function requireFromPulumi<T>(moduleName: string): T {
  return require(require.resolve(moduleName, { paths: [PULUMI_PACKAGE_DIR] })) as T;
}

/** `@grpc/grpc-js`, the copy `@pulumi/pulumi` uses. */
export const grpc = requireFromPulumi<typeof GrpcModule>("@grpc/grpc-js");
/** `google.protobuf.Struct` and friends, the copy `@pulumi/pulumi` uses. */
export const structPb = requireFromPulumi<typeof StructModule>("google-protobuf/google/protobuf/struct_pb");
/** `google.protobuf.Empty`, the copy `@pulumi/pulumi` uses. */
export const emptyPb = requireFromPulumi<typeof EmptyModule>("google-protobuf/google/protobuf/empty_pb");
/** `google.protobuf.Any`, the copy `@pulumi/pulumi` uses. */
export const anyPb = requireFromPulumi<typeof AnyModule>("google-protobuf/google/protobuf/any_pb");
/** `pulumirpc` provider messages. */
export const providerPb = requireFromPulumi<typeof ProviderPbModule>("@pulumi/pulumi/proto/provider_pb");
/** `pulumirpc.ResourceProvider` client and service definition. */
export const providerGrpc = requireFromPulumi<typeof ProviderGrpcModule>("@pulumi/pulumi/proto/provider_grpc_pb");
/** `pulumirpc` resource-monitor messages. */
export const resourcePb = requireFromPulumi<typeof ResourcePbModule>("@pulumi/pulumi/proto/resource_pb");
/** `pulumirpc.ResourceMonitor` service definition. */
export const resourceGrpc = requireFromPulumi<typeof ResourceGrpcModule>("@pulumi/pulumi/proto/resource_grpc_pb");
/** `pulumirpc` engine messages. */
export const enginePb = requireFromPulumi<typeof EnginePbModule>("@pulumi/pulumi/proto/engine_pb");
/** `pulumirpc.Engine` service definition. */
export const engineGrpc = requireFromPulumi<typeof EngineGrpcModule>("@pulumi/pulumi/proto/engine_grpc_pb");
/** `google.rpc.Status`, used to carry error details in `grpc-status-details-bin`. */
export const statusPb = requireFromPulumi<typeof StatusPbModule>("@pulumi/pulumi/proto/status_pb");

/** Entry point of the dynamic-provider host (what the `pulumi-resource-pulumi-nodejs` shim runs). */
export const DYNAMIC_PROVIDER_ENTRY = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
/** Entry point of the Node.js language runtime (what the Go language host spawns). */
export const LANGUAGE_RUNTIME_ENTRY = require.resolve("@pulumi/pulumi/cmd/run");
