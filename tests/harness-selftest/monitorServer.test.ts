import { strict as assert } from "node:assert";
import type { ServiceError } from "@grpc/grpc-js";
import type { ResourceMonitorClient } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { startMonitorServer, type MonitorServer } from "../harness/monitorServer";
import { ProgramDeployment } from "../harness/programDeployment";
import { toStruct } from "../harness/propertyValues";
import { grpc, resourceGrpc, resourcePb } from "../harness/pulumiModules";

describe("harness: monitor server", () => {
  let deployment: ProgramDeployment;
  let server: MonitorServer;
  let client: ResourceMonitorClient;
  const log: string[] = [];

  before(async () => {
    deployment = new ProgramDeployment({
      project: "proj",
      stack: "dev",
      dryRun: false,
      state: undefined,
      host: () => Promise.reject(new Error("no host in this test")),
      log: (line) => log.push(line),
    });
    server = await startMonitorServer(deployment, { log: (line) => log.push(line), debug: () => undefined });
    client = new resourceGrpc.ResourceMonitorClient(server.address, grpc.credentials.createInsecure());
  });

  after(async () => {
    client?.close();
    await server?.close();
  });

  function supports(feature: string): Promise<boolean> {
    const request = new resourcePb.SupportsFeatureRequest();
    request.setId(feature);
    return new Promise((resolve, reject) =>
      client.supportsFeature(request, (error, response) => (error ? reject(error) : resolve(response.getHassupport()))),
    );
  }

  it("supports secrets and nothing that would change how inputs are encoded", async () => {
    assert.equal(await supports("secrets"), true);
    assert.equal(await supports("outputValues"), false);
    assert.equal(await supports("resourceReferences"), false);
  });

  it("answers UNIMPLEMENTED for RPCs it does not serve", async () => {
    const request = new resourcePb.ResourceInvokeRequest();
    request.setTok("fixture:index:fn");
    const error = await new Promise<ServiceError | null>((resolve) => client.invoke(request, (e) => resolve(e)));
    assert.equal(error?.code, grpc.status.UNIMPLEMENTED);
  });

  it("registers the root stack and a plain custom resource without a provider, under the stack's URN scheme", async () => {
    const register = (type: string, name: string, parent: string, custom: boolean) => {
      const request = new resourcePb.RegisterResourceRequest();
      request.setType(type);
      request.setName(name);
      request.setParent(parent);
      request.setCustom(custom);
      request.setObject(toStruct({ size: 1 }));
      return new Promise<InstanceType<typeof resourcePb.RegisterResourceResponse>>((resolve, reject) =>
        client.registerResource(request, (error, response) => (error ? reject(error) : resolve(response))),
      );
    };
    const stack = await register("pulumi:pulumi:Stack", "proj-dev", "", false);
    assert.equal(stack.getUrn(), "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev");
    const child = await register("fixture:index:Thing", "thing", stack.getUrn(), true);
    assert.equal(child.getUrn(), "urn:pulumi:dev::proj::fixture:index:Thing::thing");
    assert.equal(child.getId(), "thing-id");
    assert.equal(child.getResult(), resourcePb.Result.SUCCESS);
    assert.deepEqual(deployment.operations.map((o) => o.op), ["create", "create"]);
  });
});
