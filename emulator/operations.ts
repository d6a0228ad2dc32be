/**
 * What each mailings endpoint does to the emulated state, given already validated params.
 * Each operation returns the response envelope; a missing mailing is `ctx.notFoundError` (default `ERROR_CODES.notFound`).
 */
import { ERROR_CODES, SUCCESS_TEXT } from "../sdk/codes";
import type { EndpointName } from "../sdk/endpoints";
import { deriveStatus } from "./seed";
import type { MailingStore } from "./store";
import type { EmulatedMailing, Launch, MailingLogEntry, RunParams } from "./types";

/** The Altcraft response envelope, with any extra top-level fields (`total_count`, `next_from_id`). */
export interface Envelope {
  data: unknown;
  error: number;
  error_text: string;
  [extra: string]: unknown;
}

/** What an operation may use besides its params. */
export interface OperationContext {
  store: MailingStore;
  now: () => number;
  requestId: string | undefined;
  /** Envelope `error` for an unknown mailing (configurable: the real code is not documented). */
  notFoundError: number;
  /** Receives the launch of an activate with `run_now: true`. */
  onLaunch: (launch: Launch) => void;
}

type Params = Record<string, unknown>;
type Operation = (params: Params, ctx: OperationContext) => Envelope;

/** Default page size of `list` and `log_v2`, as documented. */
export const DEFAULT_LIMIT = 1000;

/** A success envelope. */
export function ok(data: unknown, extra?: Record<string, unknown>): Envelope {
  return { data, error: ERROR_CODES.success, error_text: SUCCESS_TEXT, ...extra };
}

/** An error envelope (`data: null`). */
export function fail(error: number, errorText: string): Envelope {
  return { data: null, error, error_text: errorText };
}

/**
 * The docs (API interaction page, https://guides.altcraft.com/en/developer-guide/api-interaction) list only the codes
 * 0/400/401/402/403; the code for an unknown mailing is not documented, hence `notFoundError` (default 404).
 */
function notFound(id: unknown, ctx: OperationContext): Envelope {
  return fail(ctx.notFoundError, `Mailing ${String(id)} not found`);
}

function iso(ctx: OperationContext): string {
  return new Date(ctx.now()).toISOString();
}

function touch(mailing: EmulatedMailing, ctx: OperationContext): void {
  mailing.status = deriveStatus(mailing.isActive, mailing.isCompleted);
  mailing.updateTime = iso(ctx);
}

/** Most `log_v2` entries one mailing keeps (oldest dropped), so a stream of launches keeps memory bounded. */
export const MAX_LOG_ENTRIES_PER_MAILING = 10_000;

const RUN_PARAM_NAMES = ["override_source_type", "override_source_id", "override_limit", "content", "attach"] as const;

/** One run leaves the log lines `log_v2` documents; broadcast runs do not mark the mailing completed here. */
function launch(mailing: EmulatedMailing, params: Params, ctx: OperationContext): void {
  const time = iso(ctx);
  const entry = (message: string, state: MailingLogEntry["state"], value: string): MailingLogEntry => ({
    level: "INFO",
    message,
    state,
    time,
    value,
  });
  mailing.log.push(entry("Begin campaign", "start", ""), entry("Campaign finished", "end", ""), entry("Total time spent", "", "0ms"));
  if (mailing.log.length > MAX_LOG_ENTRIES_PER_MAILING) mailing.log.splice(0, mailing.log.length - MAX_LOG_ENTRIES_PER_MAILING);
  const runParams: RunParams = {};
  for (const name of RUN_PARAM_NAMES) {
    if (params[name] !== undefined) (runParams as Record<string, unknown>)[name] = params[name];
  }
  ctx.onLaunch({ mailingId: mailing.id, runParams, ...(ctx.requestId !== undefined ? { requestId: ctx.requestId } : {}), at: ctx.now() });
}

const activate: Operation = (params, ctx) => {
  const mailing = ctx.store.get(params["id"] as number);
  if (!mailing) return notFound(params["id"], ctx);
  mailing.isActive = true;
  touch(mailing, ctx);
  // Overrides are honoured only with run_now (the docs say they apply to that run); otherwise they are ignored.
  if (params["run_now"] === true) launch(mailing, params, ctx);
  return ok(null);
};

const deactivate: Operation = (params, ctx) => {
  const mailing = ctx.store.get(params["id"] as number);
  if (!mailing) return notFound(params["id"], ctx);
  mailing.isActive = false;
  touch(mailing, ctx);
  return ok(null);
};

const getStatus: Operation = (params, ctx) => {
  const mailing = ctx.store.get(params["id"] as number);
  if (!mailing) return notFound(params["id"], ctx);
  return ok({ is_active: mailing.isActive, is_completed: mailing.isCompleted, status: mailing.status });
};

const get: Operation = (params, ctx) => {
  const m = ctx.store.get(params["id"] as number);
  if (!m) return notFound(params["id"], ctx);
  return ok({
    id: m.id,
    name: m.name,
    description: m.description,
    type: m.type,
    updated_user: m.updatedUser,
    update_time: m.updateTime,
    is_active: m.isActive,
    is_completed: m.isCompleted,
    status: m.status,
    data_id: m.dataId,
    data_type: m.dataType,
    content: structuredClone(m.content),
    resource_id: m.resourceId,
    channel: m.channel,
    subid: m.subid,
    for_confirm: m.forConfirm,
  });
};

function matchesListFilters(m: EmulatedMailing, params: Params): boolean {
  if (params["type"] !== undefined && m.type !== params["type"]) return false;
  if (params["is_active"] !== undefined && m.isActive !== params["is_active"]) return false;
  const tags = params["ui_tags"] as string[] | undefined;
  if (tags && tags.length > 0 && !tags.some((tag) => m.uiTags.includes(tag))) return false;
  const groupNames = params["groups"] as string[] | undefined;
  if (groupNames && groupNames.length > 0 && !m.groups.some((g) => groupNames.includes(g.name))) return false;
  const groupIds = params["groups_id"] as number[] | undefined;
  if (groupIds && groupIds.length > 0 && !m.groups.some((g) => groupIds.includes(g.id))) return false;
  return true;
}

/**
 * Docs page 2195648 (https://guides.altcraft.com/en/developer-guide/campaigns/2195648): `from_id` "start the page at
 * this id", default 1; `limit` default 1000; `total_count` and `next_from_id` at the top level. So `from_id=<id>
 * limit=1` answers that mailing when it exists and the next higher id when it does not; `total_count` counts every
 * match of the filters (the docs do not say whether it is counted from `from_id`: this emulator's choice).
 */
const list: Operation = (params, ctx) => {
  const fromId = (params["from_id"] as number | undefined) ?? 1;
  const limit = (params["limit"] as number | undefined) ?? DEFAULT_LIMIT;
  const matching = ctx.store.ordered().filter((m) => matchesListFilters(m, params));
  const rest = matching.filter((m) => m.id >= fromId);
  const page = rest.slice(0, limit).map((m) => ({
    id: m.id,
    name: m.name,
    type: m.type,
    is_active: m.isActive,
    subid: m.subid,
    for_confirm: m.forConfirm,
    ui_tags: [...m.uiTags],
    groups: m.groups.map((g) => ({ ...g })),
  }));
  const next = rest[limit];
  return ok(page, { total_count: matching.length, next_from_id: next ? next.id : 0 });
};

const log: Operation = (params, ctx) => {
  const mailing = ctx.store.get(params["id"] as number);
  if (!mailing) return notFound(params["id"], ctx);
  const fromTime = params["from_time"] === undefined ? undefined : Date.parse(params["from_time"] as string);
  const limit = (params["limit"] as number | undefined) ?? DEFAULT_LIMIT;
  const entries = fromTime === undefined ? mailing.log : mailing.log.filter((e) => Date.parse(e.time) >= fromTime);
  return ok(
    entries.slice(0, limit).map((e) => ({ ...e })),
    { total_count: entries.length },
  );
};

const clone: Operation = (params, ctx) => {
  const source = ctx.store.get(params["id"] as number);
  if (!source) return notFound(params["id"], ctx);
  const savedId = ctx.store.nextId();
  const { log: _log, ...fields } = structuredClone(source);
  ctx.store.put({
    ...fields,
    id: savedId,
    name: (params["name"] as string | undefined) ?? `Clone of ${source.name}`,
    isActive: false,
    isCompleted: false,
    status: deriveStatus(false, false),
    updateTime: iso(ctx),
  });
  return ok({ saved_id: savedId });
};

const remove: Operation = (params, ctx) => {
  if (!ctx.store.remove(params["id"] as number)) return notFound(params["id"], ctx);
  return ok(null);
};

/** The operation behind each endpoint. */
export const OPERATIONS: Record<EndpointName, Operation> = {
  activate,
  deactivate,
  getStatus,
  get,
  list,
  log,
  clone,
  delete: remove,
};
