/**
 * The read-ahead hint a program's `ActivatedMailing` resources carry (provider/declared-batch.ts), for inputs the
 * bench registers directly, so the provider sees what it sees from a real program declaring the same mailings.
 */
import { DECLARED_MAILINGS_HINT, declaredMailingHints } from "../provider/declared-hint";
import type { Props } from "../tests/harness/providerHost";

/** For each mailing id in declaration order, the hint input a program would add to its inputs (often none). */
export function programHints(mailingIds: readonly number[]): Props[] {
  return declaredMailingHints(mailingIds).map((hint) => (hint === undefined ? {} : { [DECLARED_MAILINGS_HINT]: hint }));
}
