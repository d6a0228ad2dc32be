/** The `ActivatedMailing` Pulumi resource and its dynamic provider. */
export { ActivatedMailing } from "./resource";
export type { ActivatedMailingArgs, ActivatedMailingInputs, ActivatedMailingOutputs, ManualPauseRule } from "./inputs";
export { activatedMailingProvider } from "./provider";
export type { ActivatedMailingProvider } from "./provider";
export { CONFIG_KEYS, ENV_VARS, DEFAULT_MAX_CONCURRENCY, ConnectionSettingError } from "./connection";
export { checkActivatedMailingInputs } from "./check";
export { diffActivatedMailing } from "./diff";
export { planCreate, planUpdate, describePlan, isPaused } from "./plan";
export { MIN_PULUMI_CLI, MIN_PULUMI_SDK } from "./sdk-version";
