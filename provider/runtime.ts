/**
 * The provider's implementation inside Pulumi's provider process, loaded by package name
 * (`pulumi-altcraft/dist/provider/runtime`) from the serialized provider.
 *
 * This file's path and exports are a FROZEN interface: state written by every earlier release stores a provider text
 * that calls it (`tests/fixtures/provider-text/`), and `refresh`, `destroy` and the deletes of removed entries run that
 * old text against the installed package.
 * - v0 (0.1.0, `provider.js` → `exports.RUNTIME_MODULE` → this file): `configure(provider, config)`, `check(olds, news)`,
 *   `diff(id, olds, news)`, `create(provider, inputs)`, `read(provider, id, props)`, `update(provider, olds, news)`,
 *   `remove(provider, props)`.
 * - v1 (`abi/v1.js`): the object `v1`, every method taking the provider object first.
 * Add a new version beside them; never change or remove one.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as lifecycle from "./lifecycle";

/** v0: remembers the stack's `altcraft:*` settings for this provider object. */
export function configure(provider: object, config: { get(key: string): string | undefined }): void {
  lifecycle.configure(provider, config);
}

/** v0: validation and defaults only (the v0 text passes no provider object, so no read). */
export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  return lifecycle.check(undefined, olds, news);
}

/** v0 `diff`. */
export async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
  return lifecycle.diff(undefined, id, olds, news);
}

/** v0 `create`. */
export async function create(provider: object, inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  return lifecycle.create(provider, inputs);
}

/** v0 `read` (refresh). */
export async function read(provider: object, id: string, props: Record<string, unknown> | undefined): Promise<pulumi.dynamic.ReadResult> {
  return lifecycle.read(provider, id, props);
}

/** v0 `update`. */
export async function update(provider: object, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
  return lifecycle.update(provider, olds, news);
}

/** v0 `delete`. */
export async function remove(provider: object, props: Record<string, unknown>): Promise<void> {
  await lifecycle.remove(provider, props);
}

/** v1: every method of the dynamic provider, with the provider object first. */
export const v1 = {
  configure: (provider: object, config: { get(key: string): string | undefined }): void => lifecycle.configure(provider, config),
  check: (provider: object, olds: Record<string, unknown>, news: Record<string, unknown>) => lifecycle.check(provider, olds, news),
  diff: (provider: object, id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => lifecycle.diff(provider, id, olds, news),
  create: (provider: object, inputs: Record<string, unknown>) => lifecycle.create(provider, inputs),
  read: (provider: object, id: string, props: Record<string, unknown> | undefined) => lifecycle.read(provider, id, props),
  update: (provider: object, _id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => lifecycle.update(provider, olds, news),
  delete: (provider: object, _id: string, props: Record<string, unknown>) => lifecycle.remove(provider, props),
};
