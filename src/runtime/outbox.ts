import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/** The effects outside the database that a transaction may leave behind (migration 026). */
export type OutboxKind = 'guard-alert' | 'export-files';

/** Carries out one item; false (or a throw) when it must be tried again later. */
export type OutboxHandler = (subject: string) => Promise<boolean>;

/** Written in the caller's transaction: nothing is carried out unless it commits. */
export async function enqueue(tx: Sql, kind: OutboxKind, subjects: readonly string[]): Promise<void> {
  if (subjects.length === 0) return;
  await tx.run(sql`INSERT INTO outbox (kind, subject) SELECT ${kind}, unnest(${subjects}::text[])`);
}

const BATCH = 20;
/** How long an item taken by one server is left to it before another may take it again. */
const LEASE_SECONDS = 60;
const FIRST_RETRY_SECONDS = 5;
const LAST_RETRY_SECONDS = 300;

/**
 * The outbox's handlers, registered where the server is assembled (src/cli/serve.ts), and
 * one round of delivery for the scheduler. An item is taken under a lease, committed at
 * once, so that no transaction stays open while a receiver answers (an embedded database
 * has one connection); done, it is marked so; failed, it waits twice as long each time, up
 * to five minutes, and a kind whose item failed is left alone for the round — a receiver
 * that is down is not flooded. Kinds without a handler wait (a webhook configured later sends them).
 */
export class Outbox {
  private readonly handlers = new Map<OutboxKind, OutboxHandler>();

  on(kind: OutboxKind, handler: OutboxHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  async deliver(db: Database): Promise<{ done: number; failed: number }> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return { done: 0, failed: 0 };
    const taken = await db.rows<{ id: string; kind: OutboxKind; subject: string; attempts: number }>(
      sql`UPDATE outbox SET due_at = now() + make_interval(secs => ${LEASE_SECONDS}) WHERE id IN (
         SELECT id FROM outbox WHERE done_at IS NULL AND due_at <= now() AND kind = ANY(${kinds}::text[]) ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, subject, attempts`,
    );
    let done = 0;
    const failing = new Set<OutboxKind>();
    for (const item of taken.sort((a, b) => Number(a.id) - Number(b.id))) {
      // Left to a later round: taken again once its lease runs out.
      if (failing.has(item.kind)) continue;
      if (await this.carryOut(item.kind, item.subject)) {
        await db.run(sql`UPDATE outbox SET done_at = now() WHERE id = ${item.id}`);
        done++;
      } else {
        failing.add(item.kind);
        const wait = Math.min(FIRST_RETRY_SECONDS * 2 ** item.attempts, LAST_RETRY_SECONDS);
        await db.run(sql`UPDATE outbox SET attempts = attempts + 1, due_at = now() + make_interval(secs => ${wait}) WHERE id = ${item.id}`);
      }
    }
    return { done, failed: failing.size };
  }

  private async carryOut(kind: OutboxKind, subject: string): Promise<boolean> {
    try {
      return await this.handlers.get(kind)!(subject);
    } catch {
      return false;
    }
  }
}
