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

/**
 * Reads of one kind that a group answers with one statement for all of them: `rows`
 * gives each ask's row (undefined when there is none), in the asks' order.
 */
export interface Batch<A, R> {
  rows(tx: Sql, asks: readonly A[]): Promise<ReadonlyArray<R | undefined>>;
}

/** A read's ask, answered with the others of its batch, and what makes its answer of its row. */
interface BatchedWork {
  batch: Batch<unknown, unknown>;
  ask: unknown;
  finish: (row: unknown) => GroupedRead<unknown>;
}

interface Waiting {
  /** A read's own statements, or its ask in a batch. */
  work: GroupedWork<unknown> | BatchedWork;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { read: GroupedRead<unknown> } | { error: unknown };

export interface GroupLimits {
  /**
   * Groups in their transaction at once, each on its own connection: two on PostgreSQL
   * (one fills while the other commits), one on PGlite, which has one connection — a
   * second would only wait for it.
   */
  groups: number;
  /** Reads in one group at most. */
  reads: number;
}

/**
 * Group commit for the gate's quiet reads (quiet-read.ts). Reads that arrive while the
 * groups in flight are busy wait, and go together in the next (startSoon): one
 * transaction as the gate's role, the asks of each batch answered by one statement and
 * every other read's statements in turn, then one ledger append of every
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
  private starting = false;
  /** Groups committed, and reads and entries in them, since the start: what tests and the benchmark count. */
  readonly counts = { groups: 0, reads: 0, entries: 0 };

  constructor(
    private readonly db: Database,
    private readonly limits: GroupLimits = { groups: db.kind === 'pglite' ? 1 : 2, reads: 64 },
  ) {}

  run<T>(work: GroupedWork<T>): Promise<T> {
    return this.wait(work);
  }

  /** A read whose row comes with those of the other asks of `batch` in the group: one statement for all. */
  runBatched<A, R, T>(batch: Batch<A, R>, ask: A, finish: (row: R | undefined) => GroupedRead<T>): Promise<T> {
    return this.wait({ batch: batch as BatchedWork['batch'], ask, finish: finish as BatchedWork['finish'] });
  }

  private wait<T>(work: Waiting['work']): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (result: unknown) => void, reject });
      this.startSoon();
    });
  }

  /**
   * A group leaves once the requests read from the network in this turn of the event loop
   * have reached it, not with the first: on PGlite a transaction runs to its end without
   * giving the loop a turn, so a group leaving at once would always hold one read.
   */
  private startSoon(): void {
    if (this.starting) return;
    this.starting = true;
    setImmediate(() => {
      this.starting = false;
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
    const outcomes = new Map<Waiting, Outcome>();
    try {
      const entries = await inGate(this.db, async (tx) => {
        await this.batched(tx, group, outcomes);
        for (const waiting of group) {
          if (typeof waiting.work !== 'function') continue;
          outcomes.set(waiting, await outcomeOf(() => (waiting.work as GroupedWork<unknown>)(tx)));
        }
        const all = [...outcomes.values()].flatMap((outcome) => ('read' in outcome ? outcome.read.entries : []));
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
    for (const waiting of group) {
      const outcome = outcomes.get(waiting)!;
      if ('error' in outcome) waiting.reject(outcome.error);
      else waiting.resolve(outcome.read.result);
    }
  }

  /** Each batch's asks in the group, answered by one statement, and each finished from its row. */
  private async batched(tx: Sql, group: readonly Waiting[], outcomes: Map<Waiting, Outcome>): Promise<void> {
    const batches = new Map<Batch<unknown, unknown>, Array<BatchedWork & { waiting: Waiting }>>();
    for (const waiting of group) {
      if (typeof waiting.work === 'function') continue;
      const asks = batches.get(waiting.work.batch) ?? [];
      if (asks.length === 0) batches.set(waiting.work.batch, asks);
      asks.push({ ...waiting.work, waiting });
    }
    for (const [batch, asks] of batches) {
      let rows: ReadonlyArray<unknown>;
      try {
        rows = await batch.rows(
          tx,
          asks.map(({ ask }) => ask),
        );
      } catch (error) {
        for (const { waiting } of asks) outcomes.set(waiting, { error });
        continue;
      }
      for (const [i, { waiting, finish }] of asks.entries()) outcomes.set(waiting, await outcomeOf(() => finish(rows[i])));
    }
  }
}

async function outcomeOf(read: () => GroupedRead<unknown> | Promise<GroupedRead<unknown>>): Promise<Outcome> {
  try {
    return { read: await read() };
  } catch (error) {
    return { error };
  }
}
