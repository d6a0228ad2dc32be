/** The result schemas of the mailings methods and the decoders that turn an envelope into typed results. */

import type { Envelope } from "./envelope";
import { decodeList, decodeRecord, type RecordSchema } from "./schema";
import type {
  Mailing,
  MailingCloneResult,
  MailingListItem,
  MailingListPage,
  MailingLog,
  MailingLogEntry,
  MailingMessageContent,
  MailingStatus,
} from "./types";

/** `campaigns/get_status` data. */
export const STATUS_SCHEMA: RecordSchema<MailingStatus> = {
  isActive: { wire: ["is_active"], type: "boolean", required: true },
  isCompleted: { wire: ["is_completed"], type: "boolean", required: true },
  status: { wire: ["status"], type: "string", required: true },
};

/** One message template in `campaigns/get` data. */
export const MESSAGE_CONTENT_SCHEMA: RecordSchema<MailingMessageContent> = {
  subject: { wire: ["subject"], type: "string" },
  fromEmail: { wire: ["from_email"], type: "string" },
  fromName: { wire: ["from_name"], type: "string" },
  replytoEmail: { wire: ["replyto_email"], type: "string" },
  replytoName: { wire: ["replyto_name"], type: "string" },
  messageId: { wire: ["message_id"], type: "integer" },
};

/** `campaigns/get` data. The docs spell the description both `description` and `descr`. */
export const MAILING_SCHEMA: RecordSchema<Mailing> = {
  id: { wire: ["id"], type: "integer", required: true },
  name: { wire: ["name"], type: "string", required: true },
  description: { wire: ["description", "descr"], type: "string" },
  type: { wire: ["type"], type: "string" },
  updatedUser: { wire: ["updated_user"], type: "string" },
  updateTime: { wire: ["update_time"], type: "string" },
  isActive: { wire: ["is_active"], type: "boolean", required: true },
  isCompleted: { wire: ["is_completed"], type: "boolean", required: true },
  status: { wire: ["status"], type: "string" },
  dataId: { wire: ["data_id"], type: "integer" },
  dataType: { wire: ["data_type"], type: "string" },
  content: { wire: ["content"], type: { arrayOfRecords: MESSAGE_CONTENT_SCHEMA } },
  resourceId: { wire: ["resource_id"], type: "integer" },
  channel: { wire: ["channel"], type: "string" },
  subid: { wire: ["subid"], type: "string" },
  forConfirm: { wire: ["for_confirm"], type: "boolean" },
};

/** A group of a list item. */
export const GROUP_SCHEMA: RecordSchema<{ id: number; name: string }> = {
  id: { wire: ["id"], type: "integer", required: true },
  name: { wire: ["name"], type: "string", required: true },
};

/** One `campaigns/list` item. */
export const LIST_ITEM_SCHEMA: RecordSchema<MailingListItem> = {
  id: { wire: ["id"], type: "integer", required: true },
  name: { wire: ["name"], type: "string", required: true },
  type: { wire: ["type"], type: "string" },
  isActive: { wire: ["is_active"], type: "boolean", required: true },
  subid: { wire: ["subid"], type: "string" },
  forConfirm: { wire: ["for_confirm"], type: "boolean" },
  uiTags: { wire: ["ui_tags"], type: { arrayOf: "string" } },
  groups: { wire: ["groups"], type: { arrayOfRecords: GROUP_SCHEMA } },
};

/** One `campaigns/log_v2` entry. `state` is often `""`, and missing is read as `""` too. */
export const LOG_ENTRY_SCHEMA: RecordSchema<MailingLogEntry> = {
  level: { wire: ["level"], type: "string", required: true },
  message: { wire: ["message"], type: "string", required: true },
  state: { wire: ["state"], type: "string" },
  time: { wire: ["time"], type: "string", required: true },
  value: { wire: ["value"], type: "string" },
};

/** `campaigns/clone` data. */
export const CLONE_SCHEMA: RecordSchema<MailingCloneResult> = {
  savedId: { wire: ["saved_id"], type: "integer", required: true },
};

/** The paging fields list methods add next to `data`. */
const PAGING_SCHEMA: RecordSchema<{ totalCount?: number; nextFromId?: number }> = {
  totalCount: { wire: ["total_count"], type: "integer" },
  nextFromId: { wire: ["next_from_id"], type: "integer" },
};

/** Decodes `campaigns/get_status`. */
export function decodeStatus(envelope: Envelope): MailingStatus {
  return decodeRecord(envelope.data, STATUS_SCHEMA, "data", envelope.format);
}

/** Decodes `campaigns/get`. */
export function decodeMailing(envelope: Envelope): Mailing {
  return decodeRecord(envelope.data, MAILING_SCHEMA, "data", envelope.format);
}

/** Decodes one `campaigns/list` page. */
export function decodeListPage(envelope: Envelope): MailingListPage {
  const items = decodeList(envelope.data, "data", envelope.format).map((item, i) =>
    decodeRecord(item, LIST_ITEM_SCHEMA, `data[${i}]`, envelope.format),
  );
  return { items, ...decodeRecord(envelope.fields, PAGING_SCHEMA, "response", envelope.format) };
}

/** Decodes `campaigns/log_v2`. */
export function decodeLog(envelope: Envelope): MailingLog {
  const entries = decodeList(envelope.data, "data", envelope.format).map((item, i) => {
    const entry = decodeRecord(item, LOG_ENTRY_SCHEMA, `data[${i}]`, envelope.format);
    return { ...entry, state: entry.state ?? "" };
  });
  const { totalCount } = decodeRecord(envelope.fields, PAGING_SCHEMA, "response", envelope.format);
  return totalCount === undefined ? { entries } : { entries, totalCount };
}

/** Decodes `campaigns/clone`. */
export function decodeClone(envelope: Envelope): MailingCloneResult {
  return decodeRecord(envelope.data, CLONE_SCHEMA, "data", envelope.format);
}
