/** Scripted faults: rules that match requests by endpoint and mailing id and fire a set number of times or at a rate. */
import { ENDPOINTS, type EndpointName } from "../sdk/endpoints";
import type { ActiveFaultRule, Fault, FaultController, FaultRule } from "./types";

/** Thrown for a fault rule that cannot work; the message names the field and what is allowed. */
export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FaultRuleError";
    this.message = message;
  }
}

const FAULT_TYPES = ["status", "rateLimited", "reset", "hang", "delay", "malformed", "envelope"] as const;

/** Most rules in force at once, so a script that keeps adding rules cannot grow the emulator without bound. */
export const MAX_FAULT_RULES = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkOptional(ok: boolean, message: string): void {
  if (!ok) throw new FaultRuleError(message);
}

function isHttpStatus(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 200 && value <= 599;
}

/** Validates a fault rule that may come from JSON (the admin endpoint), and returns a private copy. */
export function validateFaultRule(input: unknown): FaultRule {
  if (!isRecord(input)) throw new FaultRuleError("fault rule must be an object");
  const { endpoint, mailingId, times, rate, phase, fault } = input;
  checkOptional(
    endpoint === undefined || endpoint === "*" || (typeof endpoint === "string" && Object.hasOwn(ENDPOINTS, endpoint)),
    `fault rule endpoint must be "*" or one of ${Object.keys(ENDPOINTS).join(", ")}`,
  );
  checkOptional(mailingId === undefined || (Number.isSafeInteger(mailingId) && (mailingId as number) > 0), "fault rule mailingId must be a positive integer");
  checkOptional(times === undefined || (Number.isSafeInteger(times) && (times as number) > 0), "fault rule times must be a positive integer");
  checkOptional(rate === undefined || (typeof rate === "number" && rate >= 0 && rate <= 1), "fault rule rate must be a number from 0 to 1");
  checkOptional(phase === undefined || phase === "before" || phase === "after", 'fault rule phase must be "before" or "after"');
  if (!isRecord(fault)) throw new FaultRuleError(`fault rule fault must be an object with a type: ${FAULT_TYPES.join(", ")}`);
  return { ...(input as unknown as FaultRule), fault: validateFault(fault) };
}

function validateFault(fault: Record<string, unknown>): Fault {
  const where = `fault of type ${String(fault["type"])}`;
  const optionalString = (name: string): void =>
    checkOptional(fault[name] === undefined || typeof fault[name] === "string", `${where}: ${name} must be a string`);
  switch (fault["type"]) {
    case "status":
      checkOptional(isHttpStatus(fault["status"]), `${where}: status must be an HTTP status from 200 to 599`);
      optionalString("body");
      optionalString("contentType");
      break;
    case "rateLimited":
      checkOptional(
        fault["retryAfterSeconds"] === undefined || (Number.isInteger(fault["retryAfterSeconds"]) && (fault["retryAfterSeconds"] as number) >= 0),
        `${where}: retryAfterSeconds must be a non-negative integer`,
      );
      break;
    case "delay":
      checkOptional(typeof fault["ms"] === "number" && Number.isFinite(fault["ms"]) && fault["ms"] >= 0, `${where}: ms must be a non-negative number`);
      break;
    case "malformed":
      checkOptional(typeof fault["body"] === "string", `${where}: body must be a string`);
      optionalString("contentType");
      checkOptional(fault["status"] === undefined || isHttpStatus(fault["status"]), `${where}: status must be an HTTP status from 200 to 599`);
      break;
    case "envelope":
      checkOptional(Number.isSafeInteger(fault["error"]) && (fault["error"] as number) > 0, `${where}: error must be a positive integer (0 is success)`);
      optionalString("errorText");
      checkOptional(fault["status"] === undefined || isHttpStatus(fault["status"]), `${where}: status must be an HTTP status from 200 to 599`);
      break;
    case "reset":
    case "hang":
      break;
    default:
      throw new FaultRuleError(`fault type must be one of ${FAULT_TYPES.join(", ")}`);
  }
  return { ...fault } as unknown as Fault;
}

/** The emulator's fault rules. `match` consumes a firing; rules are tried oldest first and one fires per request. */
export class FaultEngine implements FaultController {
  private rules: ActiveFaultRule[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number) {}

  add(rule: FaultRule): void {
    const valid = validateFaultRule(rule);
    if (this.rules.length >= MAX_FAULT_RULES) throw new FaultRuleError(`at most ${MAX_FAULT_RULES} fault rules can be in force; clear some first`);
    const remaining = valid.times ?? (valid.rate === undefined ? 1 : undefined);
    this.rules.push({ id: this.nextId++, rule: valid, fired: 0, ...(remaining === undefined ? {} : { remaining }) });
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFaultRule[] {
    return this.rules.map((active) => structuredClone(active));
  }

  /** The rule that fires for this request, if any; its count is consumed. */
  match(endpoint: EndpointName, mailingId: number | undefined): FaultRule | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.endpoint !== undefined && rule.endpoint !== "*" && rule.endpoint !== endpoint) continue;
      if (rule.mailingId !== undefined && rule.mailingId !== mailingId) continue;
      if (rule.rate !== undefined && !(this.random() < rule.rate)) continue;
      active.fired += 1;
      if (active.remaining !== undefined) {
        active.remaining -= 1;
        if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
      }
      return rule;
    }
    return undefined;
  }
}
