/**
 * The serialized provider, interface v1. This module's `exports` IS the provider object, so when the package is
 * installed under node_modules Pulumi stores only `require("pulumi-altcraft/dist/provider/abi/v1.js")` in
 * `__provider` (a module's exports object is serialized by reference), and every later release runs its own code
 * behind the same path. When it is serialized by value instead (a linked checkout), each method still only loads
 * the frozen runtime interface by package name. Never move this file or change what its methods call.
 */
import type * as pulumi from "@pulumi/pulumi";

type RuntimeV1 = typeof import("../runtime").v1;

const activatedMailingProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    (require("pulumi-altcraft/dist/provider/runtime").v1 as RuntimeV1).configure(this, req.config);
  },
  async check(olds, news) {
    return (require("pulumi-altcraft/dist/provider/runtime").v1 as RuntimeV1).check(this, olds, news);
  },
  async diff(id, olds, news) {
    return (require("pulumi-altcraft/dist/provider/runtime").v1 as RuntimeV1).diff(this, id, olds, news);
  },
  async create(inputs) {
    return (require("pulumi-altcraft/dist/provider/runtime").v1 as RuntimeV1).create(this, inputs);
  },
  async read(id, props) {
    return (require("pulumi-altcraft/dist/provider/runtime").v1 as RuntimeV1).read(this, id, props);
  },
  async update(id, olds, news) {
    return (require("pulumi-altcraft/dist/provider/runtime").v1 as RuntimeV1).update(this, id, olds, news);
  },
  async delete(id, props) {
    await (require("pulumi-altcraft/dist/provider/runtime").v1 as RuntimeV1).delete(this, id, props);
  },
};

export = activatedMailingProvider;
