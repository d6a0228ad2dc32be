/**
 * The `pulumi-altcraft` policy pack: guardrails for mailing sends, served to the Pulumi engine as an analyzer.
 * Loading this module starts the analyzer's gRPC server, so only the policy-pack runner loads it:
 * `pulumi preview --policy-pack node_modules/pulumi-altcraft/policy-pack`.
 */
import { PolicyPack } from "@pulumi/policy";
import { altcraftPolicies } from "./policies";

new PolicyPack("pulumi-altcraft", {
  description: "Guardrails for Altcraft mailing sends: runs need a capped limit and an allowed stack.",
  policies: altcraftPolicies,
});
