import type * as pulumi from "@pulumi/pulumi";
import activatedMailingProviderV1 = require("./abi/v1");

/**
 * FROZEN (interface v0): the provider text stored by 0.1.0 reads this export at call time and loads that module
 * (`tests/fixtures/provider-text/0.1.0-000b186.js`). Never change the value or remove it.
 */
export const RUNTIME_MODULE = "pulumi-altcraft/dist/provider/runtime";

/** The shared `ActivatedMailing` provider: connection settings arrive through `configure`, never through inputs. */
export type ActivatedMailingProvider = pulumi.dynamic.ResourceProvider;

/**
 * The one shared provider instance: the exports object of `abi/v1`, which Pulumi stores as a reference to the
 * installed package (about 250 bytes per resource) instead of code. It holds no token: `configure` keeps the
 * connection in the runtime, keyed by this object, because whatever sits on the object would be serialized.
 */
export const activatedMailingProvider: ActivatedMailingProvider = activatedMailingProviderV1;
