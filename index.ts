/** pulumi-altcraft: the Altcraft mailings client, the `ActivatedMailing` Pulumi resource and the mailings-file loader. */
export * from "./sdk";
export * from "./provider";
export * from "./program/mailings-file";
