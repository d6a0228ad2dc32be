/**
 * `client.mailings`: the Altcraft mailings methods. Each method validates its parameters, sends one call (retried
 * under one Request-ID) and returns a typed result.
 */

import { randomUUID } from "node:crypto";
import { describe } from "./describe";
import type { EndpointName } from "./endpoints";
import type { Envelope } from "./envelope";
import { AltcraftValidationError } from "./errors";
import { mailingListCall } from "./list-call";
import { toWireParams } from "./params";
import { decodeClone, decodeListPage, decodeLog, decodeMailing, decodeStatus } from "./results";
import { sensitiveStrings } from "./sensitive";
import type { Transport, TransportResult } from "./transport";
import type {
  CallMeta,
  CallOptions,
  Mailing,
  MailingActivateParams,
  MailingCloneParams,
  MailingCloneResult,
  MailingDeactivateParams,
  MailingDeleteParams,
  MailingListCall,
  MailingListItem,
  MailingListPage,
  MailingListParams,
  MailingLog,
  MailingLogParams,
  MailingStatus,
} from "./types";

/** Options of {@link Mailings.listAll}: call options applied to every page, plus a per-page callback. */
export type ListAllOptions = CallOptions & {
  /** Called with each page before its items are yielded. */
  onPage?: (page: MailingListPage, pageIndex: number) => void;
};

const CALL_OPTION_KEYS = ["requestId", "timeoutMs", "sensitiveValues"] as const;
const MAX_TIMER_MS = 2_147_483_647;

/** The mailings methods of the Altcraft User API (`/api/v1.1/campaigns/...`). */
export class Mailings {
  declare private readonly transport: Transport;

  constructor(transport: Transport) {
    // Not enumerable: the transport holds the token, and a client may be logged or inspected.
    Object.defineProperty(this, "transport", { value: transport, enumerable: false });
  }

  /**
   * Switches a mailing on (`campaigns/activate/`). With `runNow` it also launches a run, for which
   * `overrideSourceType`/`overrideSourceId`/`overrideLimit` may redirect the audience. Within the platform's
   * de-duplication window, repeating a call with the same `requestId` replays the first answer (`duplicate: true`).
   */
  async activate(params: MailingActivateParams, options?: CallOptions): Promise<CallMeta> {
    return (await this.send("activate", params, options, ignoreData)).meta;
  }

  /** Switches a mailing off (`campaigns/deactivate`); `abortIfRunning` also drops queued messages. */
  async deactivate(params: MailingDeactivateParams, options?: CallOptions): Promise<CallMeta> {
    return (await this.send("deactivate", params, options, ignoreData)).meta;
  }

  /** Reads a mailing's flags (`campaigns/get_status`). Branch on `isActive`/`isCompleted`, not on `status`. */
  async getStatus(params: { id: number }, options?: CallOptions): Promise<MailingStatus> {
    return (await this.send("getStatus", params, options, decodeStatus)).value;
  }

  /** Reads a mailing's settings (`campaigns/get`). */
  async get(params: { id: number }, options?: CallOptions): Promise<Mailing> {
    return (await this.send("get", params, options, decodeMailing)).value;
  }

  /**
   * Reads mailings (`campaigns/list`). Awaited, it is one page (pass its `nextFromId` as `fromId` for the next);
   * iterated with `for await`, it is every item from `fromId` on, page by page as in {@link listAll}. Nothing is
   * sent until it is awaited or iterated.
   */
  list(params?: MailingListParams, options?: CallOptions): MailingListCall {
    return mailingListCall(
      () => this.fetchPage(params ?? {}, options),
      () => this.iterateList(params ?? {}, options),
    );
  }

  /**
   * Iterates over every mailing matching `params`, page by page through `from_id`/`next_from_id`. Stops when
   * `next_from_id` is missing or 0, a page is empty, or `next_from_id` does not advance (a server loop).
   * Each page is its own call; a given `requestId` becomes `<requestId>-page<N>` so pages are not de-duplicated.
   */
  listAll(params?: Omit<MailingListParams, "fromId">, options?: ListAllOptions): AsyncIterableIterator<MailingListItem> {
    const { onPage, ...callOptions } = options ?? {};
    try {
      if (onPage !== undefined && typeof onPage !== "function") {
        throw new AltcraftValidationError("listAll", "onPage", `must be a function, got ${describe(onPage)}`);
      }
      if (params !== undefined && params !== null && typeof params === "object" && "fromId" in params) {
        throw new AltcraftValidationError("listAll", "fromId", "is not accepted: listAll pages through from_id itself; use list() for one page");
      }
      // Validated here, not in the generator, so a bad filter throws at the call site before any request.
      toWireParams("list", params ?? {}, this.transport.format, "listAll", ["fromId"]);
      checkCallOptions("listAll", callOptions, this.transport);
    } catch (error) {
      throw this.transport.scrub(error, sensitiveOf(callOptions));
    }
    return this.pages(params ?? {}, callOptions, onPage);
  }

  /** Reads a mailing's run log (`campaigns/log_v2`). */
  async log(params: MailingLogParams, options?: CallOptions): Promise<MailingLog> {
    return (await this.send("log", params, options, decodeLog)).value;
  }

  /** Copies a mailing (`campaigns/clone`); the result's `savedId` is the copy's id. */
  async clone(params: MailingCloneParams, options?: CallOptions): Promise<MailingCloneResult & CallMeta> {
    const { value, meta } = await this.send("clone", params, options, decodeClone);
    return { ...value, ...meta };
  }

  /** Deletes a mailing (`campaigns/delete`). Experimental: the method's documentation page is not public. */
  async delete(params: MailingDeleteParams, options?: CallOptions): Promise<CallMeta> {
    return (await this.send("delete", params, options, ignoreData)).meta;
  }

  private async fetchPage(params: MailingListParams, options: CallOptions | undefined): Promise<MailingListPage> {
    return (await this.send("list", params, options, decodeListPage)).value;
  }

  /** `for await` over `list()`: validated on the first step, so a bad call rejects there and sends nothing. */
  private async *iterateList(params: MailingListParams, options: CallOptions | undefined): AsyncGenerator<MailingListItem, void, undefined> {
    let call: CallOptions;
    try {
      call = checkCallOptions("list", options, this.transport);
      toWireParams("list", params, this.transport.format);
    } catch (error) {
      throw this.transport.scrub(error, sensitiveOf(options));
    }
    yield* this.pages(params, call, undefined);
  }

  private async *pages(
    params: MailingListParams,
    options: CallOptions,
    onPage: ListAllOptions["onPage"],
  ): AsyncGenerator<MailingListItem, void, undefined> {
    const { fromId: startId, ...filter } = params;
    // 1 is the API's default from_id; a next_from_id must move past where the page started.
    let fromId = startId ?? 1;
    for (let pageIndex = 0; ; pageIndex++) {
      const pageOptions: CallOptions =
        options.requestId === undefined ? options : { ...options, requestId: `${options.requestId}-page${pageIndex + 1}` };
      const page = await this.fetchPage(pageIndex === 0 ? params : { ...filter, fromId }, pageOptions);
      onPage?.(page, pageIndex);
      yield* page.items;
      const next = page.nextFromId;
      if (page.items.length === 0 || next === undefined || next <= fromId) return;
      fromId = next;
    }
  }

  private async send<T>(
    method: EndpointName,
    params: unknown,
    options: CallOptions | undefined,
    decode: (envelope: Envelope) => T,
  ): Promise<TransportResult<T>> {
    let call: CallOptions;
    let wireParams: Record<string, unknown>;
    let sensitive: readonly string[];
    try {
      call = checkCallOptions(method, options, this.transport);
      sensitive = sensitiveStrings(method, call.sensitiveValues);
      wireParams = toWireParams(method, params, this.transport.format);
    } catch (error) {
      throw this.transport.scrub(error, sensitiveOf(options));
    }
    const id = wireParams["id"];
    return this.transport.call(
      {
        method,
        wireParams,
        ...(typeof id === "number" ? { mailingId: id } : {}),
        requestId: call.requestId ?? randomUUID(),
        timeoutMs: call.timeoutMs ?? this.transport.timeoutMs,
        sensitive,
      },
      decode,
    );
  }
}

function ignoreData(): undefined {
  return undefined;
}

/** The redactable strings of options that may not be valid yet: used only to scrub an error about them. */
function sensitiveOf(options: unknown): readonly string[] {
  try {
    return sensitiveStrings("", (options as CallOptions | undefined)?.sensitiveValues);
  } catch {
    return [];
  }
}

/** Validates per-call options; unknown keys are refused so typos surface. */
function checkCallOptions(method: string, options: unknown, transport: Transport): CallOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new AltcraftValidationError(method, "options", `must be an object, got ${describe(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(CALL_OPTION_KEYS as readonly string[]).includes(key) && given[key] !== undefined) {
      throw new AltcraftValidationError(method, `options.${key}`, `is not a call option; allowed: ${CALL_OPTION_KEYS.join(", ")}`);
    }
  }
  const { requestId, timeoutMs, sensitiveValues } = given;
  if (requestId !== undefined && (typeof requestId !== "string" || !/^[\x21-\x7e]{1,200}$/.test(requestId))) {
    throw new AltcraftValidationError(method, "options.requestId", `must be 1 to 200 visible ASCII characters, got ${describe(requestId)}`);
  }
  // The Request-ID travels in a header proxies log, and errors keep it unredacted as a label.
  if (typeof requestId === "string" && transport.containsToken(requestId)) {
    throw new AltcraftValidationError(method, "options.requestId", "must not contain the API token");
  }
  sensitiveStrings(method, sensitiveValues);
  if (timeoutMs !== undefined && (typeof timeoutMs !== "number" || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMER_MS)) {
    throw new AltcraftValidationError(method, "options.timeoutMs", `must be a positive integer (milliseconds), got ${describe(timeoutMs)}`);
  }
  return {
    ...(requestId !== undefined ? { requestId } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(sensitiveValues !== undefined ? { sensitiveValues: sensitiveValues as readonly unknown[] } : {}),
  };
}
