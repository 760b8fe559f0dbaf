import pg from 'pg';
import { statements, type Database, type Sql } from './database.ts';
import { LOGIN_CLAIM } from './login-claim.ts';
import { keepingRole, setLocalRole } from './role-wall.ts';
import { copyInto } from './pg-copy.ts';

// bigint columns come back as JS bigint rather than strings, as they do from PGlite.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => BigInt(value));
const INT8_ARRAY = 1016 as typeof pg.types.builtins.INT8;
pg.types.setTypeParser(INT8_ARRAY, (value: string) =>
  value === '{}'
    ? []
    : value
        .slice(1, -1)
        .split(',')
        .map((item) => BigInt(item)),
);

/**
 * Startup parameters of every connection: the role Vigie works as (so that RESET ROLE
 * returns to it); ISO dates, which the driver and the ledger's reading assume whatever
 * the server's configuration says; and no parallel plans. Vigie's statements are small
 * lookups by index, many at once: at 100,000 patients the planner sent a doctor's care
 * links (90 rows, 0.1 ms of work) to two parallel workers, whose start took 35 ms —
 * a search within one's relationships ran at 42 a second against 747 for the baseline's
 * indexed search. Concurrent requests keep the cores busy without them.
 */
export const startupOptions = (role?: string): string => `-c datestyle=ISO -c max_parallel_workers_per_gather=0${role ? ` -c role=${role}` : ''}`;

/**
 * Statements with parameters are named, so that each connection plans one once and runs
 * its plan after (planning was half the server's time of a gated read). Only the first
 * MAX_NAMED texts get a name: a text built with a varying list would otherwise fill every
 * connection with plans used once.
 */
const MAX_NAMED = 2000;
const names = new Map<string, string>();
let named = 0;

function statement(text: string, params: readonly unknown[] | undefined): pg.QueryConfig {
  const values = params as unknown[] | undefined;
  if (!values || values.length === 0) return { text, values };
  let name = names.get(text);
  if (!name && names.size < MAX_NAMED) names.set(text, (name = `vigie_${++named}`));
  return name ? { name, text, values } : { text, values };
}

/**
 * Runs a statement; a plan made before a migration changed a table's columns is refused
 * by the server (0A000): the text takes a new name, and outside a transaction (which the
 * refusal has ended) it runs again at once.
 */
async function run(client: pg.Pool | pg.PoolClient, text: string, params: readonly unknown[] | undefined, again: boolean): Promise<unknown[]> {
  try {
    return (await client.query(statement(text, params))).rows;
  } catch (error) {
    if ((error as { code?: string }).code !== '0A000' || !names.delete(text) || !again) throw error;
    return (await client.query(statement(text, params))).rows;
  }
}

/** A pool of connections to a PostgreSQL server (DATABASE_URL), working as `role` if given. */
export async function openPostgres(url: string, poolSize = 8, role?: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: startupOptions(role) });
  // An idle connection the server ends (a restart, a failover, a terminated backend) is
  // dropped by the pool and the next query opens another; unheard, its error would end the process.
  pool.on('error', (error) => process.emitWarning(`A database connection was closed by the server: ${error.message}`));
  // Fail now, with the server's own message, rather than on the first request.
  const probe = await pool.connect().catch((error: Error) => {
    throw role && /permission denied to set role/.test(error.message)
      ? new Error(`The database login must be a member of ${role} (GRANT ${role} TO <login>): ${error.message}`)
      : error;
  });
  probe.release();
  // Working as a role, a connection refuses any statement that would change it (role-wall.ts).
  const wall = role ? keepingRole : (sql: Sql) => sql;
  const handle = wall({
    ...statements,
    query: async <T>(text: string, params?: readonly unknown[]) => (await run(pool, text, params, true)) as T[],
  });
  return {
    kind: 'postgres',
    server: { url, role },
    ...handle,
    transaction: async (work, asRole) => {
      const client = await pool.connect();
      try {
        // One round trip: a simple-protocol query may hold both statements.
        await client.query(asRole ? `BEGIN; ${setLocalRole(asRole)}` : 'BEGIN');
        const sql: Sql = {
          // Worked as the login itself, the transaction has the owner's rights already: nothing to wall in.
          ...(asRole === LOGIN_CLAIM ? (sql: Sql) => sql : wall)({
            ...statements,
            query: async <T>(text: string, params?: readonly unknown[]) => (await run(client, text, params, false)) as T[],
            copy: (rows) => copyInto(client, rows),
          }),
          switchRole: async (to) => void (await client.query(setLocalRole(to))),
        };
        const result = await work(sql);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (script) => {
      if (role) throw new Error('Scripts run only before the database is worked as a role (migrations)');
      await pool.query(script);
    },
    withRole: (newRole) => openPostgres(url, poolSize, newRole),
    close: () => pool.end(),
  };
}
