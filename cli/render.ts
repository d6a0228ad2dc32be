import type { MailingListItem } from "../sdk/types";
import { assignNames } from "./names";

/** What the header of an exported file says about where it came from. */
export interface ExportSource {
  baseUrl: string;
  exportedAt: Date;
  type?: string;
  tags: readonly string[];
}

/**
 * A mailings file declaring the given (active) mailings, in id order, each with only its `mailingId`: no
 * `runNow`, so adopting them launches nothing. The header explains adoption.
 */
export function renderMailingsYaml(mailings: readonly MailingListItem[], source: ExportSource): string {
  const sorted = [...mailings].sort((a, b) => a.id - b.id);
  const names = assignNames(sorted);
  const filters = ["active", ...(source.type ? [`type ${source.type}`] : []), ...(source.tags.length ? [`tags ${source.tags.join(", ")}`] : [])];
  const lines = [
    `# Exported by \`pulumi-altcraft export\` from ${oneLine(source.baseUrl)} at ${source.exportedAt.toISOString()}`,
    `# (${oneLine(filters.join("; "))}): ${sorted.length === 1 ? "1 mailing" : `${sorted.length} mailings`}.`,
    "#",
    "# Adopting: each entry keeps one mailing active. These mailings are active already, so the first",
    "# `pulumi up` only records them in the stack: nothing is launched (no entry has `runNow`) and nothing",
    "# changes in Altcraft. From then on, removing an entry deactivates its mailing on the next `pulumi up`,",
    "# and `pulumi destroy` deactivates them all. (Pulumi cannot `import` into a dynamic provider; declaring",
    "# an active mailing is how it is adopted.) Rename keys freely before the first `pulumi up`.",
    "# Format and every field: docs/examples.md.",
  ];
  if (sorted.length === 0) return [...lines, "mailings: {}", ""].join("\n");
  lines.push("mailings:");
  for (const mailing of sorted) {
    lines.push(`  # ${describe(mailing)}`, `  ${names.get(mailing.id)}:`, `    mailingId: ${mailing.id}`);
  }
  return `${lines.join("\n")}\n`;
}

function describe(mailing: MailingListItem): string {
  const details = [mailing.type, mailing.uiTags?.length ? `tags: ${mailing.uiTags.join(", ")}` : undefined].filter(Boolean);
  return `${JSON.stringify(oneLine(mailing.name))}${details.length ? ` (${details.map((d) => oneLine(String(d))).join("; ")})` : ""}`;
}

/**
 * Characters that end a line for some YAML reader or terminal: C0 controls (LF and CR for YAML 1.2), DEL, C1 controls
 * (U+0085 NEL is a YAML 1.1 line break), U+2028/U+2029 (YAML 1.1 line and paragraph separators), and the BOM.
 */
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]+/g;

/** A name or tag can hold anything; in a comment it must stay on one line, or it would start a YAML entry. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKING, " ").trim();
}
