import type { ActivatedMailingObserved } from "./inputs";

/** A read made for a Check: what it saw, or why the Check must refuse the mailing. */
export type VerifiedRead = { observed?: ActivatedMailingObserved; refusal?: string };

/** How long a read made during `check` may stand in for a read in the `create`/`update` that follows it. */
export const OBSERVATION_TTL_MS = 60_000;

/**
 * How old a read started ahead (from the program's hint) may be when its Check takes it. In a program's batch the
 * Check follows its read within a second or two; a longer gap means the Check came late, and it reads afresh so
 * that a pause made in the UI meanwhile is seen.
 */
export const READ_AHEAD_TTL_MS = 15_000;

/**
 * What one provider process remembers during one deployment. Pulumi starts one provider process per deployment
 * (pkg/resource/deploy/providers/registry.go), runs every Check before the deletes at its end
 * (step_generator.go: GenerateDeletes after the program's registrations), so this memory is exactly "this deployment".
 */
export class DeploymentMemory {
  private readonly observations = new Map<number, { at: number; observed: ActivatedMailingObserved }>();
  private readonly declared = new Map<number, Set<string>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a read of a mailing made during `check`, for the `create`/`update` of the same deployment. */
  remember(mailingId: number, observed: ActivatedMailingObserved): void {
    this.observations.set(mailingId, { at: this.now(), observed });
  }

  /** A recent read of the mailing, or undefined when there is none or it is too old to act on. */
  recent(mailingId: number): ActivatedMailingObserved | undefined {
    const entry = this.observations.get(mailingId);
    if (!entry || this.now() - entry.at > OBSERVATION_TTL_MS) return undefined;
    return entry.observed;
  }

  /** Forgets a read once a write changed the mailing, so no later step acts on the old state. */
  forget(mailingId: number): void {
    this.observations.delete(mailingId);
  }

  private readonly rechecks = new Set<string>();
  private readonly prefetches = new Map<number, Promise<{ refusal?: string }>>();

  /**
   * Keeps a read that `check` started without waiting for it; the Diff of the same registration waits for it instead.
   * The engine runs Checks, and by default Diffs too, one at a time in its event loop (step_generator.go `diff`: a
   * goroutine only under PULUMI_PARALLEL_DIFF; checked with pulumi v3.276 in tests/e2e/harness-conformance.test.ts),
   * so the read-ahead hint, not Diff parallelism, is what keeps reads from costing a round trip each.
   */
  prefetch(mailingId: number, read: Promise<{ refusal?: string }>): void {
    this.prefetches.set(mailingId, read);
  }

  private readonly ahead = new Map<number, { at: number; read: Promise<VerifiedRead> }>();
  private readonly aheadTaken = new Set<number>();

  /**
   * Starts the read of a mailing whose Check is still to come (named by the program's read-ahead hint), unless one
   * is already waiting or was taken: each hinted read serves one Check.
   */
  readAhead(mailingId: number, start: () => Promise<VerifiedRead>): void {
    if (this.ahead.has(mailingId) || this.aheadTaken.has(mailingId)) return;
    this.ahead.set(mailingId, { at: this.now(), read: start() });
  }

  /**
   * The read started ahead for this mailing's Check, once; none when it was started too long ago to act on (a
   * Check that never came, then a later one in a long-lived process), so that Check reads afresh.
   */
  takeReadAhead(mailingId: number): Promise<VerifiedRead> | undefined {
    // Taken even when none is waiting: a hint arriving after this Check (registrations can reach the engine out of
    // order) must not start a read that a later Check of the same mailing would then take instead of reading afresh.
    this.aheadTaken.add(mailingId);
    const entry = this.ahead.get(mailingId);
    if (!entry) return undefined;
    this.ahead.delete(mailingId);
    return this.now() - entry.at > READ_AHEAD_TTL_MS ? undefined : entry.read;
  }

  /** The read `check` started for this mailing, once. */
  takePrefetch(mailingId: number): Promise<{ refusal?: string }> | undefined {
    const read = this.prefetches.get(mailingId);
    this.prefetches.delete(mailingId);
    return read;
  }

  /**
   * Notes that the engine will Check this registration again with no old inputs: its Diff will replace it (a new
   * mailing id), and the engine re-checks a replacement (step_generator.go). That second Check reuses this read.
   */
  expectRecheck(mailingId: number, declaredBy: string): void {
    this.rechecks.add(`${mailingId} ${declaredBy}`);
  }

  /** True, once, when this Check is the re-check announced by {@link expectRecheck}. */
  takeRecheck(mailingId: number, declaredBy: string): boolean {
    return this.rechecks.delete(`${mailingId} ${declaredBy}`);
  }

  /** Records that a resource declared in this deployment (seen by `check`) holds the mailing. */
  declare(mailingId: number, declaredBy: string): void {
    let holders = this.declared.get(mailingId);
    if (!holders) this.declared.set(mailingId, (holders = new Set()));
    holders.add(declaredBy);
  }

  /**
   * True when a resource declared in this deployment still holds the mailing, so deleting another resource (an old
   * name, a replaced resource, an entry the id moved away from) must not switch it off. `pulumi destroy` runs no
   * Check (step_generator.go, destroy mode: custom resources become Same steps), so it always deactivates. Only
   * resources the engine Checks count: one outside `--target` or inside `--exclude` gets no Check, and nothing tells
   * this process it exists (the program warns about it instead: skipped-registrations.ts).
   */
  isDeclared(mailingId: number): boolean {
    return (this.declared.get(mailingId)?.size ?? 0) > 0;
  }
}
