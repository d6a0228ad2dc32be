/** pulumi-altcraft: the Altcraft mailings client and the `ActivatedMailing` Pulumi resource. */
export * from "./sdk";
export * from "./provider";
