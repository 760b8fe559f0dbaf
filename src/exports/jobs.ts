import { writeExport, type WriterDeps } from './writer.ts';
import { sql } from '../store/sql.ts';

/**
 * The exports being written in this process. The passphrase lives here, in memory, for
 * as long as the writing lasts and nowhere else: if the process stops meanwhile, the
 * export is left "writing" until its lease runs out, then fails, to be asked for again.
 */
export class ExportJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: WriterDeps) {}

  /** Where the files are. */
  get dir(): string {
    return this.deps.dir;
  }

  /** Writes an approved export: under the passphrase, or (without one) to its recipient's key. */
  start(exportId: string, passphrase?: string): void {
    const job = writeExport(this.deps, exportId, passphrase).finally(() => this.running.delete(job));
    this.running.add(job);
  }

  /** Once every export started so far is written (or has failed). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * Exports left writing by a server that stopped — their lease run out, their passphrase
   * gone — fail; those another server is writing still hold their lease and are left to
   * it. At start, and at every sweep (a server that stops is not always restarted).
   */
  async failInterrupted(): Promise<number> {
    const failed = await this.deps.db.rows(sql`UPDATE export_request SET status = 'failed', failure = 'the server stopped while writing it; ask for it again'
       WHERE status = 'writing' AND (writer_lease_until IS NULL OR writer_lease_until < now()) RETURNING id`);
    return failed.length;
  }
}
