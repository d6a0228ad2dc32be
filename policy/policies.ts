import * as pulumi from "@pulumi/pulumi";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  ABORT_ON_PRODUCTION_SCHEMA,
  LIMIT_MAX_SCHEMA,
  readAbortOnProductionConfig,
  readLimitMaxConfig,
  readRequiresLimitConfig,
  readRunStacksConfig,
  REQUIRES_LIMIT_SCHEMA,
  RUN_STACKS_SCHEMA,
} from "./config";
import { describeMailing, isActivatedMailing, isRun } from "./mailing";

/** A run must cap its audience: `runNow: true` needs `overrideLimit` (mandatory). */
export const runRequiresLimit: ResourceValidationPolicy = {
  name: "altcraft-run-requires-limit",
  description: "A mailing run (runNow: true) must set overrideLimit, so a wrong audience cannot reach a whole segment.",
  enforcementLevel: "mandatory",
  configSchema: REQUIRES_LIMIT_SCHEMA,
  validateResource: (args, reportViolation) => {
    if (!isActivatedMailing(args) || !isRun(args)) return;
    const { exemptMailingIds } = readRequiresLimitConfig(args.getConfig());
    if (args.props.overrideLimit !== undefined && args.props.overrideLimit !== null) return;
    // Read mailingId only when exemptions exist: an id unknown at preview must not hide the violation.
    if (exemptMailingIds.length > 0 && exemptMailingIds.includes(args.props.mailingId as number)) return;
    reportViolation(
      `${describeMailing(args)} starts a run (runNow: true) without overrideLimit: set overrideLimit to the most recipients ` +
        "this run may reach, or add the mailing id to exemptMailingIds of altcraft-run-requires-limit.",
    );
  },
};

/** A run's `overrideLimit` may not exceed `maxLimit` (mandatory). */
export const runLimitMax: ResourceValidationPolicy = {
  name: "altcraft-run-limit-max",
  description: "A mailing run's overrideLimit may not exceed the configured maxLimit.",
  enforcementLevel: "mandatory",
  configSchema: LIMIT_MAX_SCHEMA,
  validateResource: (args, reportViolation) => {
    if (!isActivatedMailing(args) || !isRun(args)) return;
    const { maxLimit } = readLimitMaxConfig(args.getConfig());
    const limit: unknown = args.props.overrideLimit;
    if (typeof limit !== "number" || limit <= maxLimit) return;
    reportViolation(
      `${describeMailing(args)} starts a run with overrideLimit ${limit}, above the maximum ${maxLimit}: lower ` +
        "overrideLimit, or raise maxLimit of altcraft-run-limit-max.",
    );
  },
};

/** Runs happen only on the stacks listed in `allowedStacks` (mandatory). */
export const runStacks: ResourceValidationPolicy = {
  name: "altcraft-run-stacks",
  description: "Mailing runs (runNow: true) are allowed only on the configured stacks.",
  enforcementLevel: "mandatory",
  configSchema: RUN_STACKS_SCHEMA,
  validateResource: (args, reportViolation) => {
    if (!isActivatedMailing(args) || !isRun(args)) return;
    const { allowedStacks } = readRunStacksConfig(args.getConfig());
    const stack = pulumi.getStack();
    if (allowedStacks.includes(stack)) return;
    reportViolation(
      `${describeMailing(args)} starts a run (runNow: true) on stack "${stack}", but runs are allowed only on ` +
        `${allowedStacks.map((name) => `"${name}"`).join(", ") || "no stack"}: remove runNow, or add the stack to ` +
        "allowedStacks of altcraft-run-stacks.",
    );
  },
};

/** `abortIfRunning: true` on a production stack is reported (advisory): removing the mailing drops queued messages. */
export const abortOnProduction: ResourceValidationPolicy = {
  name: "altcraft-abort-on-production",
  description: "abortIfRunning: true on a production stack: removing or replacing the mailing drops messages already queued for sending.",
  enforcementLevel: "advisory",
  configSchema: ABORT_ON_PRODUCTION_SCHEMA,
  validateResource: (args, reportViolation) => {
    if (!isActivatedMailing(args)) return;
    const { productionStacks } = readAbortOnProductionConfig(args.getConfig());
    const stack = pulumi.getStack();
    if (!productionStacks.includes(stack) || args.props.abortIfRunning !== true) return;
    reportViolation(
      `${describeMailing(args)} sets abortIfRunning: true on production stack "${stack}": deleting or replacing it ` +
        "(removing the entry, changing mailingId, pulumi destroy) drops the messages already queued for sending.",
    );
  },
};

/** Every policy of the pack, in the order the CLI lists them. */
export const altcraftPolicies: ResourceValidationPolicy[] = [runRequiresLimit, runLimitMax, runStacks, abortOnProduction];
