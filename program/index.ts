/**
 * The root Pulumi program: keeps the mailings listed in `mailings.yaml` (or the file named by
 * `altcraft:mailingsFile`) active. The whole file is validated before anything is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { installErrorStackGuard } from "./error-guard";
import { declareMailings, DEFAULT_MAILINGS_FILE, loadMailingsFile, summarizeMailings } from "./mailings-file";

// First, so no error of this run can hang the runtime's error report (see ./error-guard).
installErrorStackGuard();

const config = new pulumi.Config("altcraft");
const mailingsFile = config.get("mailingsFile") ?? DEFAULT_MAILINGS_FILE;
const file = loadMailingsFile(mailingsFile, {
  notFoundHint: "create it (format: docs/examples.md) or point `pulumi config set altcraft:mailingsFile <path>` at another file",
});

/** Each declared mailing's id, isActive, status, name and lastRequestId, keyed by resource name. */
export const mailings = summarizeMailings(declareMailings(file.entries));
