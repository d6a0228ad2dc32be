import type * as pulumi from "@pulumi/pulumi";

/** The module the serialized provider loads at call time, resolved from the Pulumi program's node_modules. */
export const RUNTIME_MODULE = "pulumi-altcraft/dist/provider/runtime";

/** The shared `ActivatedMailing` provider: connection settings arrive through `configure`, never through inputs. */
export type ActivatedMailingProvider = pulumi.dynamic.ResourceProvider;

/**
 * The one shared provider instance. Each method loads the implementation by package name inside Pulumi's provider
 * process (a `require` inside a method captures nothing), so the serialized provider stays a few kilobytes and
 * holds no token. The connection `configure` reads is kept by the implementation, keyed by this object, and never
 * on it: whatever sits on the object is serialized into state with every resource.
 */
export const activatedMailingProvider: ActivatedMailingProvider = {
  async configure(req) {
    loadRuntime().configure(this, req.config);
  },
  async check(olds, news) {
    return loadRuntime().check(olds, news);
  },
  async diff(id, olds, news) {
    return loadRuntime().diff(id, olds, news);
  },
  async create(inputs) {
    return loadRuntime().create(this, inputs);
  },
  async read(id, props) {
    return loadRuntime().read(this, id, props);
  },
  async update(_id, olds, news) {
    return loadRuntime().update(this, olds, news);
  },
  async delete(_id, props) {
    await loadRuntime().remove(this, props);
  },
};

function loadRuntime(): typeof import("./runtime") {
  return require(RUNTIME_MODULE) as typeof import("./runtime");
}
