import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareMailings, loadMailingsFile, summarizeMailings, installErrorStackGuard } from "pulumi-altcraft";

// First: a program failing inside the SDK must exit, not hang, on Node 22.20-22.23 (see docs/provider.md#versions).
installErrorStackGuard();

// Each environment has its own file (mailings.staging.yaml, mailings.production.yaml): mailing ids differ
// between Altcraft accounts. A stack without one uses mailings.yaml.
const stackFile = `mailings.${pulumi.getStack()}.yaml`;
const fileName = fs.existsSync(path.join(__dirname, stackFile)) ? stackFile : "mailings.yaml";

// The whole file is validated first; one bad entry stops the program with every problem listed, by line,
// before any mailing is declared.
const file = loadMailingsFile(fileName);

export const mailingsFile = fileName;
export const mailings = summarizeMailings(declareMailings(file.entries));
