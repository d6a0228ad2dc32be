import * as pulumi from "@pulumi/pulumi";
import { ActivatedMailing, installErrorStackGuard } from "pulumi-altcraft";

// First: a program failing inside the SDK must exit, not hang, on Node 22.20-22.23 (see docs/provider.md#versions).
installErrorStackGuard();

const config = new pulumi.Config();

// One run, now: to a segment instead of the mailing's own audience, capped at `sendLimit` messages, with
// values for the templates' {apicontent.*} variables. A later `pulumi up` launches again only when one of
// these inputs changes, or when `runId` does (it feeds `triggers`, whose only job is asking for a new run).
const springSale = new ActivatedMailing("spring-sale", {
  mailingId: config.requireNumber("mailingId"),
  runNow: true,
  overrideSourceType: "segment",
  overrideSourceId: config.requireNumber("segmentId"),
  overrideLimit: config.getNumber("sendLimit") ?? 5000,
  content: {
    promoCode: config.get("promoCode") ?? "SPRING26",
    discountPercent: 15,
  },
  triggers: [config.get("runId") ?? "1"],
  // On `pulumi destroy`, drop what is still queued instead of letting it go out.
  abortIfRunning: true,
});

export const lastRequestId = springSale.lastRequestId;
export const activatedAt = springSale.activatedAt;
export const status = springSale.status;
