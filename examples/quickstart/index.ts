import * as pulumi from "@pulumi/pulumi";
import { ActivatedMailing, installErrorStackGuard } from "pulumi-altcraft";

// First: a program failing inside the SDK must exit, not hang, on Node 22.20-22.23 (see docs/provider.md#versions).
installErrorStackGuard();

const config = new pulumi.Config();

// `pulumi up` switches the mailing on (adopting it if it already is); `pulumi destroy` switches it off.
// Nothing is launched: a run only starts with `runNow: true` (see the launch-with-overrides example).
const welcome = new ActivatedMailing("welcome-series", {
  mailingId: config.requireNumber("mailingId"),
});

export const mailingName = welcome.name;
export const isActive = welcome.isActive;
export const status = welcome.status;
