import type { AuditEntry } from '../ledger/append.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { inGate } from './gate-role.ts';

/** What a read done in a group gives: its ledger entries (none when it discloses nothing) and its answer. */
export interface GroupedRead<T> {
  entries: readonly AuditEntry[];
  result: T;
}

export type GroupedWork<T> = (tx: Sql) => Promise<GroupedRead<T>>;

interface Waiting {
  work: GroupedWork<unknown>;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

export interface GroupLimits {
  /** Groups in their transaction at once, each on its own connection. */
  groups: number;
  /** Reads in one group at most. */
  reads: number;
}

/**
 * Group commit for the gate's quiet reads (quiet-read.ts). Reads that arrive while the
 * groups in flight are busy wait, and go together in the next: one transaction as the
 * gate's role, each read's decision and rows in it, then one ledger append of every
 * entry, then one commit — so each read's entry is in the transaction of its read
 * (invariant 1), and the statements and the flush to disk of BEGIN, the append and
 * COMMIT are shared. No answer is released before that commit: if the append or the
 * commit fails, every read of the group fails and none discloses. A read that throws on
 * its own (its session refused) fails alone; one whose statement failed has aborted the
 * transaction, and the group fails with it.
 */
export class ReadGroups {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  /** Groups committed, and reads and entries in them, since the start: what tests and the benchmark count. */
  readonly counts = { groups: 0, reads: 0, entries: 0 };

  constructor(
    private readonly db: Database,
    private readonly limits: GroupLimits = { groups: 2, reads: 64 },
  ) {}

  run<T>(work: GroupedWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (result: unknown) => void, reject });
      this.start();
    });
  }

  private start(): void {
    while (this.inFlight < this.limits.groups && this.queue.length > 0) {
      const group = this.queue.splice(0, this.limits.reads);
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        this.start();
      });
    }
  }

  private async commit(group: readonly Waiting[]): Promise<void> {
    const outcomes: Array<{ result: unknown } | { error: unknown }> = [];
    try {
      const entries = await inGate(this.db, async (tx) => {
        const all: AuditEntry[] = [];
        for (const waiting of group) {
          try {
            const read = await waiting.work(tx);
            outcomes.push({ result: read.result });
            all.push(...read.entries);
          } catch (error) {
            outcomes.push({ error });
          }
        }
        await appendAudit(tx, all);
        return all.length;
      });
      this.counts.groups++;
      this.counts.reads += group.length;
      this.counts.entries += entries;
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) waiting.reject(outcome.error);
      else waiting.resolve(outcome.result);
    });
  }
}
