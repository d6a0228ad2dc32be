import { declareMailings, loadMailingsFile, summarizeMailings } from "pulumi-altcraft";

// Edit mailings.yaml in a pull request: the preview workflow comments what `pulumi up` would change, and
// merging to main applies it. A bad file fails the preview with every problem listed by line.
const file = loadMailingsFile("mailings.yaml");

export const mailings = summarizeMailings(declareMailings(file.entries));
