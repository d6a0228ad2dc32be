import * as pulumi from "@pulumi/pulumi";
import { ActivatedMailing, installErrorStackGuard } from "pulumi-altcraft";

// First: a program failing inside the SDK must exit, not hang, on Node 22.20-22.23 (see docs/provider.md#versions).
installErrorStackGuard();

// The program is the same for every stack; what differs (base URL, token, mailing ids) is stack config in
// Pulumi.<stack>.yaml. The provider reads altcraft:baseUrl and altcraft:token itself.
const config = new pulumi.Config();
const stack = pulumi.getStack();

const welcome = new ActivatedMailing("welcome-series", {
  mailingId: config.requireNumber("welcomeMailingId"),
});

const digest = new ActivatedMailing("weekly-digest", {
  mailingId: config.requireNumber("digestMailingId"),
  // Outside production, a removed digest stops at once instead of finishing its queue.
  abortIfRunning: stack !== "production",
});

export const environment = stack;
// Shown for review; the provider also accepts ALTCRAFT_BASE_URL when the stack config leaves it out.
export const altcraftBaseUrl = new pulumi.Config("altcraft").get("baseUrl") ?? process.env.ALTCRAFT_BASE_URL ?? "(not set)";
export const mailings = {
  welcome: { id: welcome.mailingId, isActive: welcome.isActive, status: welcome.status },
  digest: { id: digest.mailingId, isActive: digest.isActive, status: digest.status },
};
