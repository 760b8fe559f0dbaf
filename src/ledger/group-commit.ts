import type { Database } from '../store/database.ts';
import { appendStatement, hashedFields, type AuditEntry } from './append.ts';
import type { HashedFields } from './entry-hash.ts';

type Fields = Omit<HashedFields, 'seq'>;

interface Waiting {
  fields: Fields[];
  done: (error?: unknown) => void;
}

/** Where the entries of reads made outside a transaction go: each caller waits until its own are durable. */
export interface AuditSink {
  append(entries: readonly AuditEntry[]): Promise<void>;
}

/**
 * Group commit for the audit entries of reads made outside a transaction (the gate's
 * quiet reads): while one append is being committed, the entries that arrive wait, and
 * go together in the next — one statement, one lane, one commit to flush to disk for all
 * of them. Each caller's promise settles when the append holding its own entries has
 * committed, so nothing is disclosed before its entry is durable (invariant 1); if that
 * append fails, every caller in it fails, and none of them discloses.
 */
export class AuditGroupCommit implements AuditSink {
  private queue: Waiting[] = [];
  private flushing = false;
  /** Appends committed and entries in them, since the start: what the benchmark reports. */
  readonly counts = { appends: 0, entries: 0 };

  /** `maxEntries`: the most entries in one append (one request's entries are never split). */
  constructor(
    private readonly db: Database,
    private readonly maxEntries = 512,
  ) {}

  append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ fields: hashedFields(entries), done: (error) => (error === undefined ? resolve() : reject(error as Error)) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.take();
      const fields = batch.flatMap((waiting) => waiting.fields);
      try {
        await this.db.run(appendStatement(fields));
        this.counts.appends++;
        this.counts.entries += fields.length;
        for (const waiting of batch) waiting.done();
      } catch (error) {
        for (const waiting of batch) waiting.done(error ?? new Error('audit append failed'));
      }
    }
    this.flushing = false;
  }

  /** The oldest callers, up to maxEntries entries (at least one caller). */
  private take(): Waiting[] {
    let entries = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || entries + this.queue[n]!.fields.length <= this.maxEntries)) {
      entries += this.queue[n]!.fields.length;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
