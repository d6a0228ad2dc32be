import { ENTRY_NAME_PATTERN } from "../program/format";

// Altcraft is used mostly with Russian names; a readable Latin key beats `mailing-101`.
const CYRILLIC: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m",
  н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch",
  ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};
const MAX_NAME_LENGTH = 60;

/** A resource name from a mailing's name: lower-case Latin letters, digits and dashes (`Spring sale 2026` → `spring-sale-2026`). */
export function slugify(name: string): string {
  const latin = [...name.toLowerCase()].map((char) => CYRILLIC[char] ?? char).join("");
  return latin
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, "");
}

/**
 * Assigns each mailing a unique resource name: its slug, or `mailing-<id>` when the name has no usable letters;
 * a repeated slug gets the id appended (`newsletter`, `newsletter-205`).
 */
export function assignNames(mailings: readonly { id: number; name: string }[]): Map<number, string> {
  const names = new Map<number, string>();
  const used = new Set<string>();
  for (const mailing of mailings) {
    const slug = slugify(mailing.name);
    let name = slug && ENTRY_NAME_PATTERN.test(slug) ? slug : `mailing-${mailing.id}`;
    if (used.has(name)) name = `${name}-${mailing.id}`;
    for (let n = 2; used.has(name); n++) name = `mailing-${mailing.id}-${n}`;
    used.add(name);
    names.set(mailing.id, name);
  }
  return names;
}
