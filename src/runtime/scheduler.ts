import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/** A piece of background work, run every `everyMs`. */
export interface Job {
  name: string;
  everyMs: number;
  /**
   * Work on shared state (sweeps, windows) runs on one server at a time when several
   * share a database: the one that takes the job's advisory lock for that round. Work of
   * this process only (its keys, its checkpoints) runs everywhere.
   */
  once: 'per-database' | 'per-process';
  run(): Promise<unknown>;
}

/**
 * The server's one scheduler: every job on its own timer, a round never overlapping the
 * previous one of the same job, errors reported and the next round run all the same.
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly report: (job: string, error: Error) => void,
  ) {}

  start(jobs: readonly Job[]): void {
    for (const job of jobs) {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        const round = this.round(job)
          .catch((error: Error) => this.report(job.name, error))
          .finally(() => {
            busy = false;
            this.running.delete(round);
          });
        this.running.add(round);
      }, job.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** One round of a job; for a per-database job, only if no other server holds it. Returns whether it ran. */
  async round(job: Job): Promise<boolean> {
    // An embedded database has one process (its folder is locked): nothing to share.
    if (job.once === 'per-process' || this.db.kind === 'pglite') {
      await job.run();
      return true;
    }
    // A session lock held for the round on one pooled connection would tie that connection
    // up; a transaction-scoped one is released with the transaction that marks the round.
    return this.db.transaction(async (tx) => {
      const lock = await tx.one<{ taken: boolean }>(sql`SELECT pg_try_advisory_xact_lock(7415, hashtext(${job.name})) AS taken`);
      if (!lock!.taken) return false;
      await job.run();
      return true;
    });
  }

  /** No new round starts; the ones under way finish. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.running]);
  }
}
