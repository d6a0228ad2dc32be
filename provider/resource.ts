import * as pulumi from "@pulumi/pulumi";
import type { ActivatedMailingArgs } from "./inputs";
import { activatedMailingProvider } from "./provider";
import { PROGRAM_CONFIG_HINT } from "./hints";
import { joinDeclaredBatch } from "./declared-batch";
import { DECLARED_MAILINGS_HINT } from "./declared-hint";
import { CONFIG_KEYS } from "./connection";
import { assertSupportedSdk } from "./sdk-version";
import { watchRegistration } from "./skipped-registrations";

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
  declare public readonly onManualPause: pulumi.Output<"keep" | "resume" | "fail" | undefined>;
  /** `<project>/<stack>/<resource>` of the first deployment: the scope of the activation Request-IDs. */
  declare public readonly declaredBy: pulumi.Output<string>;
  /** Whether the mailing is switched on, as the API reported it (or as the last activation made it). */
  declare public readonly isActive: pulumi.Output<boolean>;
  /** Whether the mailing has finished, as the API reported it. */
  declare public readonly isCompleted: pulumi.Output<boolean>;
  /** The API's human-readable status; informational only. */
  declare public readonly status: pulumi.Output<string>;
  /** The mailing's name in Altcraft. */
  declare public readonly name: pulumi.Output<string>;
  /** The mailing's type: broadcast, regular, trigger or splittest. */
  declare public readonly type: pulumi.Output<string>;
  /** The Request-ID of the last activation (all its retries carried it); empty for an adopted mailing. */
  declare public readonly lastRequestId: pulumi.Output<string>;
  /** When the provider last activated the mailing (ISO 8601); empty for an adopted mailing. */
  declare public readonly activatedAt: pulumi.Output<string>;
  /** Whether the last activation launched a run (false when Altcraft answered it from its de-duplication cache). */
  declare public readonly runLaunched: pulumi.Output<boolean>;
  /** True while the mailing stays paused because it was paused outside Pulumi and the rule is `keep`. */
  declare public readonly pausedOutsidePulumi: pulumi.Output<boolean>;

  constructor(name: string, args: ActivatedMailingArgs, opts?: pulumi.CustomResourceOptions) {
    assertSupportedSdk();
    // Only keys present in the bag become outputs, so every output is seeded; a fresh object per resource
    // because the SDK adds `__provider` to it.
    const props = {
      overrideSourceType: undefined,
      overrideSourceId: undefined,
      overrideLimit: undefined,
      content: undefined,
      attach: undefined,
      triggers: undefined,
      onManualPause: undefined,
      ...args,
      runNow: args.runNow ?? false,
      abortIfRunning: args.abortIfRunning ?? false,
      declaredBy: args.declaredBy ?? `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
      [PROGRAM_CONFIG_HINT]: configuredKeys(),
      // Lets the provider start the reads of the Checks to come (the engine sends Checks one at a time).
      [DECLARED_MAILINGS_HINT]: joinDeclaredBatch(args.mailingId),
      isActive: undefined,
      isCompleted: undefined,
      status: undefined,
      name: undefined,
      type: undefined,
      lastRequestId: undefined,
      activatedAt: undefined,
      runLaunched: undefined,
      pausedOutsidePulumi: undefined,
    };
    super(activatedMailingProvider, name, props, opts, "altcraft", "ActivatedMailing");
    // Outside --target (or inside --exclude) the provider never sees this resource, so a delete in the same deployment
    // could switch its mailing off: the program warns first (see skipped-registrations.ts).
    watchRegistration(this, this.mailingId, args.mailingId);
  }
}

/** The `altcraft:*` keys the stack config sets, names only (never values). */
function configuredKeys(): string[] {
  // Key names from the whole config, not `Config.get`: reading a secret key that way prints a warning.
  const known = new Set<string>(Object.values(CONFIG_KEYS));
  return Object.keys(pulumi.runtime.allConfig()).filter((key) => known.has(key)).sort();
}
