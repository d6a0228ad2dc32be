import { declareMailings, loadMailingsFile, summarizeMailings, installErrorStackGuard } from "pulumi-altcraft";

// First: a program failing inside the SDK must exit, not hang, on Node 22.20-22.23 (see docs/provider.md#versions).
installErrorStackGuard();

// Edit mailings.yaml in a pull request: the preview workflow comments what `pulumi up` would change, and
// merging to main applies it. A bad file fails the preview with every problem listed by line.
const file = loadMailingsFile("mailings.yaml");

export const mailings = summarizeMailings(declareMailings(file.entries));
