import { verify } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { LedgerSigner } from '../ledger/signing-key.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { listMigrations } from '../store/migrate.ts';
import { answers, OneOf } from './schemas/common.ts';

type Check = 'ok' | 'failing';

/**
 * Probes for a load balancer or an orchestrator, open to anyone and saying nothing of any
 * patient or account: `live`, the process answers; `ready`, the database answers, its
 * migrations are the ones this version expects, and the ledger's signing key signs (a
 * server that cannot sign its checkpoints should not take requests).
 */
export async function healthRoutes(scope: FastifyInstance, deps: { db: Database; ledger: LedgerSigner }): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  // The migrations this version ships, read from disk once: a probe polled every few seconds costs two small queries and a signature.
  const expected = listMigrations().map((migration) => migration.version);
  app.get('/health/live', { schema: { response: answers(Type.Object({ status: Type.Literal('live') })) } }, async () => ({ status: 'live' as const }));
  app.get('/health/ready', { schema: { response: { 200: Readiness, 503: Readiness } } }, async (_request, reply) => {
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

const CheckResult = OneOf(['ok', 'failing']);
const Readiness = Type.Object({
  status: OneOf(['ready', 'not-ready']),
  checks: Type.Object({ database: CheckResult, migrations: CheckResult, signingKey: CheckResult }),
});

async function passes(check: () => Promise<unknown>): Promise<Check> {
  return check().then(
    () => 'ok',
    () => 'failing',
  );
}
