/**
 * Renders analyzer diagnostics the way `pulumi preview` prints its "Policies:" section
 * (pulumi/pulumi: pkg/backend/display/progress.go printPolicies, diff.go renderDiffPolicyViolationEvent), colours off.
 */
import type { Diagnostic } from "./analyzer";

/** The "Policies:" section for one local pack, violations sorted as the CLI sorts them. */
export function renderPolicies(diagnostics: Diagnostic[], localPath: string, pack: { name: string; version: string }): string {
  const mark = diagnostics.some((d) => d.enforcementLevel === "mandatory") ? "❌" : diagnostics.length > 0 ? "⚠️" : "✅";
  const rank = (d: Diagnostic): number => (d.enforcementLevel === "mandatory" ? 0 : 1);
  const sorted = [...diagnostics].sort((a, b) => rank(a) - rank(b) || a.policyName.localeCompare(b.policyName) || a.urn.localeCompare(b.urn));
  const lines = ["Policies:", `    ${mark} ${pack.name}@v${pack.version} (local: ${localPath})`];
  for (const d of sorted) {
    const [type = "", name = ""] = d.urn.split("::").slice(2);
    lines.push(`        - [${d.enforcementLevel}]  ${d.policyName}  (${type}: ${name})`);
    lines.push(...d.message.split("\n").map((line) => `          ${line}`));
  }
  return lines.join("\n");
}
