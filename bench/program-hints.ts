/**
 * The read-ahead hint a program's `ActivatedMailing` resources carry (provider/declared-batch.ts), for inputs the
 * bench registers directly, so the provider sees what it sees from a real program declaring the same mailings.
 */
import { DECLARED_MAILINGS_HINT, declaredMailingHints } from "../provider/declared-hint";
import type { Props } from "../tests/harness/providerHost";

/** For each mailing id in declaration order, the hint input a program adds to its inputs. */
export function programHints(mailingIds: readonly number[]): Props[] {
  return declaredMailingHints(mailingIds).map((hint) => ({ [DECLARED_MAILINGS_HINT]: hint }));
}
