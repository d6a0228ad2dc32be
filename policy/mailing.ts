import { UnknownValueError, type ResourceValidationArgs } from "@pulumi/policy";

/** The type token the engine reports for an `ActivatedMailing` (a dynamic resource of the `altcraft` module). */
export const ACTIVATED_MAILING_TYPE = "pulumi-nodejs:dynamic/altcraft:ActivatedMailing";

/** Whether the analyzed resource is an `ActivatedMailing`. */
export function isActivatedMailing(args: ResourceValidationArgs): boolean {
  return args.type === ACTIVATED_MAILING_TYPE;
}

/**
 * Names the mailing in a violation: `mailing 4727 (weather-alert)`. A `mailingId` still unknown at preview must not
 * turn a real violation into "can't run during preview", so it falls back to the resource name alone.
 */
export function describeMailing(args: ResourceValidationArgs): string {
  try {
    const id: unknown = args.props.mailingId;
    if (typeof id === "number") return `mailing ${id} (${args.name})`;
  } catch (error) {
    if (!(error instanceof UnknownValueError)) throw error;
  }
  return `mailing ${args.name}`;
}

/**
 * Whether the resource launches a run (`runNow: true`). Reading an unknown `runNow` throws `UnknownValueError`, which
 * the analyzer reports as an advisory "can't run during preview"; `up` analyzes the resource again with known values.
 */
export function isRun(args: ResourceValidationArgs): boolean {
  return args.props.runNow === true;
}
