import * as pulumi from "@pulumi/pulumi";
import { ActivatedMailing } from "../provider/resource";
import type { ActivatedMailingArgs } from "../provider/inputs";
import type { MailingEntry } from "./format";

/** One mailing's state as the `mailings` stack output shows it. */
export interface MailingStateSummary {
  /** The mailing's id. */
  id: number;
  isActive: boolean;
  status: string;
  name: string;
  /** The Request-ID of the last activation, to find it in Altcraft's logs. */
  lastRequestId: string;
}

/**
 * Declares one `ActivatedMailing` per entry, named by the entry's key. `opts` apply to every one; an entry's own
 * `protect` and `retainOnDelete` win over them, and its `aliases` (former entry names) are added to theirs.
 */
export function declareMailings(entries: readonly MailingEntry[], opts?: pulumi.CustomResourceOptions): Record<string, ActivatedMailing> {
  const resources: Record<string, ActivatedMailing> = {};
  for (const entry of entries) {
    // onManualPause is passed whether or not this provider version types it yet: its `check` is the judge.
    const args: ActivatedMailingArgs = { ...entry.inputs };
    resources[entry.name] = new ActivatedMailing(entry.name, args, entryOptions(entry, opts));
  }
  return resources;
}

/** The resource options of one entry: the shared ones, then what the entry sets. */
export function entryOptions(entry: MailingEntry, opts: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  const own = entry.options;
  if (own === undefined) return opts;
  const merged: pulumi.CustomResourceOptions = { ...opts };
  if (own.protect !== undefined) merged.protect = own.protect;
  if (own.retainOnDelete !== undefined) merged.retainOnDelete = own.retainOnDelete;
  if (own.aliases !== undefined && own.aliases.length > 0) {
    merged.aliases = [...(opts.aliases ?? []), ...own.aliases.map((name) => ({ name }))];
  }
  return merged;
}

/** A plain stack output: each mailing's id, activity, status, name and last Request-ID, keyed by resource name. */
export function summarizeMailings(resources: Record<string, ActivatedMailing>): pulumi.Output<Record<string, MailingStateSummary>> {
  const summary: Record<string, pulumi.Output<MailingStateSummary>> = {};
  for (const [key, mailing] of Object.entries(resources)) {
    summary[key] = pulumi.all([mailing.mailingId, mailing.isActive, mailing.status, mailing.name, mailing.lastRequestId]).apply(
      ([id, isActive, status, name, lastRequestId]) => ({ id, isActive, status, name, lastRequestId }),
    );
  }
  return pulumi.all(summary);
}
