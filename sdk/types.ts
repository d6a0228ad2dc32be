/**
 * Public, camelCase types of the Altcraft mailings API. Each parameter maps one-to-one to the API's
 * snake_case name (`runNow` → `run_now`); a parameter left out is not sent.
 */

/** The wire format of requests and responses. */
export type WireFormat = "json" | "xml";

/** How the client sends the token: the body field `token` (every API version) or `Authorization: Bearer` (v74+). */
export type TokenPlacement = "body" | "header";

/** The mailing types the API reports. */
export type MailingType = "broadcast" | "regular" | "trigger" | "splittest";

/** The audience source a run may be redirected to: a profile database (`list`) or a segment. */
export type SourceType = "list" | "segment";

/** Template values exposed as `{apicontent.<key>}` and to the "API content" filter node. */
export type ApiContent = Record<string, string | number | boolean>;

/** Options shared by every call. */
export interface CallOptions {
  /** The Request-ID header for this call (all its retries reuse it). A new UUID when left out. */
  requestId?: string;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /**
   * Secret values of this call (e.g. secret `content` values, `attach` items). Their string forms of at least 4
   * characters are redacted like the token from every error and retry event, should a server echo them.
   * Nested arrays and plain objects are followed; booleans, `null` and `undefined` are ignored.
   */
  sensitiveValues?: readonly unknown[];
}

/** `campaigns/activate/`: switch a mailing on, optionally launching a run at once. */
export interface MailingActivateParams {
  id: number;
  runNow?: boolean;
  overrideSourceType?: SourceType;
  overrideSourceId?: number;
  overrideLimit?: number;
  content?: ApiContent;
  /** Files for the run's messages; the File object is not public, so it passes through untouched. */
  attach?: unknown[];
}

/** `campaigns/deactivate`: switch a mailing off. */
export interface MailingDeactivateParams {
  id: number;
  /** Drop messages already queued for sending. The API's default is false. */
  abortIfRunning?: boolean;
}

/** `campaigns/get_status` result. Branch on the flags, never on `status` (only "Inactive" is documented). */
export interface MailingStatus {
  isActive: boolean;
  isCompleted: boolean;
  status: string;
}

/** One message template of a mailing, as `campaigns/get` reports it. */
export interface MailingMessageContent {
  subject?: string;
  fromEmail?: string;
  fromName?: string;
  replytoEmail?: string;
  replytoName?: string;
  messageId?: number;
}

/** `campaigns/get` result. Scalar fields the platform leaves out are absent; `content` is then `[]`. */
export interface Mailing {
  id: number;
  name: string;
  description?: string;
  type?: MailingType | string;
  updatedUser?: string;
  updateTime?: string;
  isActive: boolean;
  isCompleted: boolean;
  status?: string;
  dataId?: number;
  dataType?: SourceType | string;
  /** Empty when the platform sends none. */
  content: MailingMessageContent[];
  resourceId?: number;
  channel?: string;
  subid?: string;
  forConfirm?: boolean;
}

/** `campaigns/list` filters and paging. */
export interface MailingListParams {
  /** Start the page at this id. The API's default is 1. */
  fromId?: number;
  /** Items per page. The API's default is 1000. */
  limit?: number;
  type?: MailingType | string;
  isActive?: boolean;
  uiTags?: string[];
  groups?: string[];
  groupsId?: number[];
}

/** One item of `campaigns/list`. */
export interface MailingListItem {
  id: number;
  name: string;
  type?: MailingType | string;
  isActive: boolean;
  subid?: string;
  forConfirm?: boolean;
  /** Empty when the platform sends none. */
  uiTags: string[];
  /** Empty when the platform sends none. */
  groups: { id: number; name: string }[];
}

/** One page of `campaigns/list`. `nextFromId` is absent (or 0) on the last page. */
export interface MailingListPage {
  items: MailingListItem[];
  totalCount?: number;
  nextFromId?: number;
}

/**
 * What `client.mailings.list()` returns: awaited, one page (the request is sent only then, and only once);
 * iterated with `for await`, every item of every page from `fromId` on, through `next_from_id`.
 */
export interface MailingListCall extends Promise<MailingListPage>, AsyncIterable<MailingListItem> {}

/** `campaigns/log_v2` parameters. */
export interface MailingLogParams {
  id: number;
  /** RFC 3339 start of the window. */
  fromTime?: string;
  limit?: number;
}

/** One entry of a mailing's log. `state` is "start" when a run began and "end" when it finished. */
export interface MailingLogEntry {
  level: string;
  message: string;
  state: string;
  time: string;
  value?: string;
}

/** `campaigns/log_v2` result. */
export interface MailingLog {
  entries: MailingLogEntry[];
  totalCount?: number;
}

/** `campaigns/clone` parameters. */
export interface MailingCloneParams {
  id: number;
  /** The copy's name; the platform picks a "Clone of …" name when left out. */
  name?: string;
}

/** `campaigns/clone` result. */
export interface MailingCloneResult {
  savedId: number;
}

/** `campaigns/delete` parameters (experimental: the method's page is not public). */
export interface MailingDeleteParams {
  id: number;
}

/** What every mutating call returns besides its data: how the platform answered it. */
export interface CallMeta {
  /** The Request-ID the call carried on every attempt. */
  requestId: string;
  /** True when the platform answered from its de-duplication cache (`Duplicate-Request: true`): nothing was executed again. */
  duplicate: boolean;
  /** How many HTTP attempts the call took (1 when no retry was needed). */
  attempts: number;
}
