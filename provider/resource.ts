import * as pulumi from "@pulumi/pulumi";
import type { ActivatedMailingArgs } from "./inputs";
import { activatedMailingProvider } from "./provider";

/**
 * An Altcraft mailing kept active: `pulumi up` activates it (launching a run when `runNow`), `pulumi refresh`
 * reads its real state, `pulumi destroy` deactivates it. Declaring a mailing that is already active adopts it
 * (dynamic providers cannot `pulumi import`). Type token: `pulumi-nodejs:dynamic/altcraft:ActivatedMailing`.
 */
export class ActivatedMailing extends pulumi.dynamic.Resource {
  declare public readonly mailingId: pulumi.Output<number>;
  declare public readonly runNow: pulumi.Output<boolean>;
  declare public readonly overrideSourceType: pulumi.Output<"list" | "segment" | undefined>;
  declare public readonly overrideSourceId: pulumi.Output<number | undefined>;
  declare public readonly overrideLimit: pulumi.Output<number | undefined>;
  declare public readonly content: pulumi.Output<Record<string, string | number | boolean> | undefined>;
  declare public readonly attach: pulumi.Output<object[] | undefined>;
  declare public readonly abortIfRunning: pulumi.Output<boolean>;
  declare public readonly triggers: pulumi.Output<unknown[] | undefined>;
  /** Whether the mailing is switched on, as the API reported it. */
  declare public readonly isActive: pulumi.Output<boolean>;
  /** Whether the mailing has finished, as the API reported it. */
  declare public readonly isCompleted: pulumi.Output<boolean>;
  /** The API's human-readable status; informational only. */
  declare public readonly status: pulumi.Output<string>;
  /** The mailing's name in Altcraft. */
  declare public readonly name: pulumi.Output<string>;
  /** The mailing's type: broadcast, regular, trigger or splittest. */
  declare public readonly type: pulumi.Output<string>;
  /** The Request-ID of the last activation (all its retries carried it). */
  declare public readonly lastRequestId: pulumi.Output<string>;
  /** When the provider last activated the mailing (ISO 8601). */
  declare public readonly activatedAt: pulumi.Output<string>;

  constructor(name: string, args: ActivatedMailingArgs, opts?: pulumi.CustomResourceOptions) {
    // Only keys present in the bag become outputs, so every output is seeded; a fresh object per resource
    // because the SDK adds `__provider` to it.
    const props = {
      overrideSourceType: undefined,
      overrideSourceId: undefined,
      overrideLimit: undefined,
      content: undefined,
      attach: undefined,
      triggers: undefined,
      ...args,
      runNow: args.runNow ?? false,
      abortIfRunning: args.abortIfRunning ?? false,
      isActive: undefined,
      isCompleted: undefined,
      status: undefined,
      name: undefined,
      type: undefined,
      lastRequestId: undefined,
      activatedAt: undefined,
    };
    super(activatedMailingProvider, name, props, opts, "altcraft", "ActivatedMailing");
  }
}
