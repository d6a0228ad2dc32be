import * as pulumi from "@pulumi/pulumi";
import { ActivatedMailing } from "../provider/resource";
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

/** Declares one `ActivatedMailing` per entry, named by the entry's key; `opts` apply to every one. */
export function declareMailings(entries: readonly MailingEntry[], opts?: pulumi.CustomResourceOptions): Record<string, ActivatedMailing> {
  const resources: Record<string, ActivatedMailing> = {};
  for (const entry of entries) {
    resources[entry.name] = new ActivatedMailing(entry.name, { ...entry.inputs }, opts);
  }
  return resources;
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
