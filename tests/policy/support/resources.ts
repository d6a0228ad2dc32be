/** `ActivatedMailing` inputs as the engine hands them to `Analyze` (checked inputs plus the serialized provider). */
import { ACTIVATED_MAILING_TYPE } from "../../../policy/mailing";
import type { AnalyzedResource } from "./analyzer";

/** A mailing resource with the defaults `ActivatedMailing` and its `check` fill in, overridden by `inputs`. */
export function mailing(name: string, inputs: Record<string, unknown>): AnalyzedResource {
  return {
    type: ACTIVATED_MAILING_TYPE,
    name,
    properties: { __provider: "exports.handler = require(\"pulumi-altcraft/dist/index.js\").activatedMailingProvider;", runNow: false, abortIfRunning: false, ...inputs },
  };
}
