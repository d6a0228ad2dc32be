/** The emulated mailings, keyed by id. Records are mutated in place; callers outside get deep copies. */
import { normalizeSeed } from "./seed";
import type { EmulatedMailing, SeedMailing } from "./types";

/** Holds the mailings and hands out new ids for clones. */
export class MailingStore {
  private readonly mailings = new Map<number, EmulatedMailing>();
  private sortedIds: number[] | undefined;
  /** Ids are never reused, even after a delete, like a database sequence. */
  private highestId = 0;

  constructor(private readonly nowIso: () => string) {}

  /** Adds or replaces a mailing from a seed. A replaced mailing keeps its run log, as an edit in the UI would. */
  put(seed: SeedMailing): EmulatedMailing {
    const record = normalizeSeed(seed, this.nowIso());
    const previous = this.mailings.get(record.id);
    if (previous) record.log = previous.log;
    this.mailings.set(record.id, record);
    this.highestId = Math.max(this.highestId, record.id);
    this.sortedIds = undefined;
    return record;
  }

  /** The live record, for operations that change it. */
  get(id: number): EmulatedMailing | undefined {
    return this.mailings.get(id);
  }

  remove(id: number): boolean {
    this.sortedIds = undefined;
    return this.mailings.delete(id);
  }

  /** Removes every mailing and restarts the id sequence. */
  clear(): void {
    this.mailings.clear();
    this.sortedIds = undefined;
    this.highestId = 0;
  }

  /** The next free id (greater than any id ever stored). */
  nextId(): number {
    return this.highestId + 1;
  }

  /** Live records ordered by id. */
  ordered(): EmulatedMailing[] {
    if (!this.sortedIds) this.sortedIds = [...this.mailings.keys()].sort((a, b) => a - b);
    const out: EmulatedMailing[] = [];
    for (const id of this.sortedIds) {
      const record = this.mailings.get(id);
      if (record) out.push(record);
    }
    return out;
  }

  /** A deep copy, safe to hand to callers. */
  snapshot(id: number): EmulatedMailing | undefined {
    const record = this.mailings.get(id);
    return record ? structuredClone(record) : undefined;
  }

  /** Deep copies of every mailing, ordered by id. */
  snapshots(): EmulatedMailing[] {
    return this.ordered().map((record) => structuredClone(record));
  }
}
