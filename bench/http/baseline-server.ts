/**
 * The baseline server's process (bench/http/baseline.ts), started by `npm run bench:http`
 * beside `vigie serve`: on the same PostgreSQL database with a pool of the same size
 * (DATABASE_URL), or on a copy of the embedded database (BASELINE_PGLITE, a folder).
 */
import { APPLICATION_ROLE } from '../../src/store/database-roles.ts';
import { openPglite } from '../../src/store/pglite-driver.ts';
import { openPostgres } from '../../src/store/pg-driver.ts';
import { allowPlainReads } from '../plain-reads.ts';
import { baselineApp } from './baseline.ts';

const env = process.env;
const login = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL) : await openPglite(env.BASELINE_PGLITE!);
await allowPlainReads(login);
const db = await login.withRole(APPLICATION_ROLE);
if (db !== login) await login.close();
const app = baselineApp(db, { token: env.BASELINE_TOKEN!, indexKey: Buffer.from(env.BASELINE_INDEX_KEY!, 'hex') });
await app.listen({ port: Number(env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', async () => {
  await app.close();
  await db.close();
  process.exit(0);
});
