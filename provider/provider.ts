import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionConfig } from "./connection";

/** The module the serialized provider loads at call time, resolved from the Pulumi program's node_modules. */
export const RUNTIME_MODULE = "pulumi-altcraft/dist/provider/runtime";

/** The shared `ActivatedMailing` provider: connection settings arrive through `configure`, never through inputs. */
export interface ActivatedMailingProvider extends pulumi.dynamic.ResourceProvider {
  /** Stack config read by `configure` in the provider process. Undefined in the program, so never serialized. */
  connection: ConnectionConfig | undefined;
}

/**
 * The one shared provider instance. Each method loads the implementation by package name inside Pulumi's provider
 * process (a `require` inside a method captures nothing), so the serialized provider stays a few hundred bytes
 * and holds no token.
 */
export const activatedMailingProvider: ActivatedMailingProvider = {
  connection: undefined,
  async configure(req) {
    this.connection = loadRuntime().readConnectionConfig(req.config);
  },
  async check(olds, news) {
    return loadRuntime().check(olds, news);
  },
  async diff(id, olds, news) {
    return loadRuntime().diff(id, olds, news);
  },
  async create(inputs) {
    return loadRuntime().create(this.connection, inputs);
  },
  async read(id, props) {
    return loadRuntime().read(this.connection, id, props);
  },
  async update(_id, olds, news) {
    return loadRuntime().update(this.connection, olds, news);
  },
  async delete(_id, props) {
    await loadRuntime().remove(this.connection, props);
  },
};

function loadRuntime(): typeof import("./runtime") {
  return require(RUNTIME_MODULE) as typeof import("./runtime");
}
