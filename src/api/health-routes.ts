import { verify } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { LedgerSigner } from '../ledger/signing-key.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { listMigrations } from '../store/migrate.ts';

type Check = 'ok' | 'failing';

/**
 * Probes for a load balancer or an orchestrator, open to anyone and saying nothing of any
 * patient or account: `live`, the process answers; `ready`, the database answers, its
 * migrations are the ones this version expects, and the ledger's signing key signs (a
 * server that cannot sign its checkpoints should not take requests).
 */
export async function healthRoutes(app: FastifyInstance, deps: { db: Database; ledger: LedgerSigner }): Promise<void> {
  // The migrations this version ships, read from disk once: a probe polled every few seconds costs two small queries and a signature.
  const expected = listMigrations().map((migration) => migration.version);
  app.get('/health/live', async () => ({ status: 'live' }));
  app.get('/health/ready', async (_request, reply) => {
    const checks: Record<'database' | 'migrations' | 'signingKey', Check> = {
      database: await passes(() => deps.db.rows(sql`SELECT 1`)),
      migrations: await passes(async () => {
        const applied = new Set((await deps.db.rows<{ version: number }>(sql`SELECT version FROM schema_migration`)).map((row) => row.version));
        if (expected.some((version) => !applied.has(version))) throw new Error('migrations pending');
      }),
      signingKey: await passes(async () => {
        const probe = Buffer.from('vigie readiness');
        if (!verify(null, probe, deps.ledger.publicKey, deps.ledger.sign(probe))) throw new Error('the signing key does not sign');
      }),
    };
    const ready = Object.values(checks).every((check) => check === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  });
}

async function passes(check: () => Promise<unknown>): Promise<Check> {
  return check().then(
    () => 'ok',
    () => 'failing',
  );
}
