/** Turns seed input (options or a JSON file) into complete mailing records, rejecting bad fields by name. */
import { readFileSync } from "node:fs";
import type { EmulatedMailing, EmulatedMailingType, MailingGroup, SeedMailing } from "./types";

/** The mailing types a seed may use. */
export const MAILING_TYPES: readonly EmulatedMailingType[] = ["broadcast", "regular", "trigger", "splittest"];

/** The status string the emulator derives from a mailing's flags ("Active"/"Completed" are this project's guess). */
export function deriveStatus(isActive: boolean, isCompleted: boolean): string {
  if (isCompleted) return "Completed";
  return isActive ? "Active" : "Inactive";
}

const DERIVED_STATUSES = new Set(["Active", "Inactive", "Completed"]);

/**
 * A seed's status: derived from the flags when left out, and also when it is one of the derived strings, so a
 * snapshot passed back with changed flags (`{ ...emulator.mailing(82)!, isActive: false }`) never keeps a stale
 * status. Any other string is kept as given, to imitate statuses the docs do not list.
 */
function resolveStatus(given: string, isActive: boolean, isCompleted: boolean): string {
  return given === "" || DERIVED_STATUSES.has(given) ? deriveStatus(isActive, isCompleted) : given;
}

/** Thrown for a seed that does not describe a mailing; the message names the field. */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeedError";
    this.message = message;
  }
}

/** Completes a seed with the documented defaults. `nowIso` stamps `updateTime` when the seed has none. */
export function normalizeSeed(seed: SeedMailing, nowIso: string): EmulatedMailing {
  if (typeof seed !== "object" || seed === null) throw new SeedError("seed mailing must be an object");
  const id = seed.id;
  if (!Number.isSafeInteger(id) || id <= 0) throw new SeedError("seed mailing id must be a positive integer");
  const where = `seed mailing ${id}`;
  const str = (field: keyof SeedMailing, fallback: string): string => {
    const value = seed[field];
    if (value === undefined) return fallback;
    if (typeof value !== "string") throw new SeedError(`${where}: ${field} must be a string`);
    return value;
  };
  const bool = (field: keyof SeedMailing, fallback: boolean): boolean => {
    const value = seed[field];
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") throw new SeedError(`${where}: ${field} must be a boolean`);
    return value;
  };
  const int = (field: keyof SeedMailing, fallback: number): number => {
    const value = seed[field];
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new SeedError(`${where}: ${field} must be an integer`);
    return value;
  };

  const type = seed.type ?? "regular";
  if (!MAILING_TYPES.includes(type)) throw new SeedError(`${where}: type must be one of ${MAILING_TYPES.join(", ")}`);
  const dataType = seed.dataType ?? "list";
  if (dataType !== "list" && dataType !== "segment") throw new SeedError(`${where}: dataType must be "list" or "segment"`);
  const isActive = bool("isActive", false);
  const isCompleted = bool("isCompleted", false);

  return {
    id,
    name: str("name", `Mailing ${id}`),
    type,
    isActive,
    isCompleted,
    status: resolveStatus(str("status", ""), isActive, isCompleted),
    description: str("description", ""),
    uiTags: stringList(seed.uiTags, `${where}: uiTags`),
    groups: groupList(seed.groups, `${where}: groups`),
    dataId: int("dataId", 1),
    dataType,
    channel: str("channel", "email"),
    subid: str("subid", ""),
    forConfirm: bool("forConfirm", false),
    resourceId: int("resourceId", 1),
    updatedUser: str("updatedUser", "emulator"),
    updateTime: str("updateTime", nowIso),
    content: templateList(seed.content, `${where}: content`),
    log: [],
  };
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new SeedError(`${what} must be an array of strings`);
  }
  return [...(value as string[])];
}

function groupList(value: unknown, what: string): MailingGroup[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SeedError(`${what} must be an array of {id, name}`);
  return value.map((group: unknown) => {
    const g = group as Partial<MailingGroup> | null;
    if (typeof g !== "object" || g === null || !Number.isSafeInteger(g.id) || typeof g.name !== "string") {
      throw new SeedError(`${what} must be an array of {id: integer, name: string}`);
    }
    return { id: g.id as number, name: g.name };
  });
}

function templateList(value: unknown, what: string): EmulatedMailing["content"] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
    throw new SeedError(`${what} must be an array of message template objects`);
  }
  return value.map((item: Record<string, string | number | boolean>) => ({ ...item }));
}

/** Reads a seed file: a JSON array of seed mailings, or an object with a `mailings` array. */
export function loadSeedFile(path: string): SeedMailing[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new SeedError(`cannot read seed file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SeedError(`seed file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { mailings?: unknown } | null)?.mailings;
  if (!Array.isArray(list)) throw new SeedError(`seed file ${path} must hold an array of mailings or {"mailings": [...]}`);
  return list as SeedMailing[];
}
