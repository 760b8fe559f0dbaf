import { PGlite, type Transaction } from '@electric-sql/pglite';
import { statements, type Database, type Sql } from './database.ts';
import { copyStatement, type EncodedCopy } from './copy-binary.ts';
import { GATE_ROLE, type RoleRequest } from './database-roles.ts';
import { LOGIN_CLAIM } from './login-claim.ts';
import { keepingRole, setLocalRole } from './role-wall.ts';
import { NamedStatements } from './pglite-named.ts';

/**
 * PGlite has one connection: its `transaction` holds a mutex, so concurrent requests
 * queue instead of interleaving inside a transaction.
 *
 * It is PostgreSQL in single-user mode: there is no checkpointer process, so the WAL
 * grows without bound (11 GB after 400,000 seeded patients, measured) unless someone
 * asks for checkpoints. The driver does, once a minute; a checkpoint recycles the WAL
 * down to max_wal_size.
 */
const CHECKPOINT_EVERY_MS = 60_000;

export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  let role: string | undefined;
  const named = new NamedStatements(pg);
  // A checkpoint is the superuser's to ask for: the driver steps out of the working role for it, in one call no query can come between.
  const checkpoint = () => pg.exec(role ? `RESET ROLE; CHECKPOINT; SET ROLE ${role}` : 'CHECKPOINT');
  const checkpoints = dataDir ? setInterval(() => void checkpoint().catch(() => undefined), CHECKPOINT_EVERY_MS) : undefined;
  checkpoints?.unref();
  // The login's handle and the role's share the one connection: once the role is taken, closing the login's lets it be.
  const open = (wall: (sql: Sql) => Sql, closes: () => boolean): Database => ({
    kind: 'pglite',
    ...wall(sqlOf(pg, named, pg)),
    transaction: (work, asRole) =>
      pg.transaction(async (tx) => {
        const switchRole = async (to: RoleRequest) => void (await tx.exec(setLocalRole(to)));
        if (asRole) await switchRole(asRole);
        // Worked as the login itself, the transaction has the owner's rights already: nothing to wall in.
        return work({ ...(asRole === LOGIN_CLAIM ? sqlOf(tx, named, pg) : wall(sqlOf(tx, named, pg))), switchRole });
      }),
    exec: async (script) => {
      if (role) throw new Error('Scripts run only before the database is worked as a role (migrations)');
      await pg.exec(script);
    },
    // One connection: it takes the role itself, and from then on refuses any statement
    // that would change it (role-wall.ts). Bulk loads of records COPY from PGlite's
    // in-memory /dev/blob, a "server file" to PostgreSQL: the gate's role may read those
    // (the only host folder the WASM file system reaches is this database's own).
    withRole: async (newRole) => {
      await pg.exec(`GRANT pg_read_server_files TO ${GATE_ROLE}; SET ROLE ${newRole}`);
      role = newRole;
      return open(keepingRole, () => true);
    },
    close: async () => {
      if (!closes()) return;
      clearInterval(checkpoints);
      if (!pg.closed) await pg.close();
    },
  });
  return open(
    (sql) => sql,
    () => role === undefined,
  );
}

/**
 * Statements on `connection`: by name when they may be (pglite-named.ts). Outside a
 * transaction, a named one waits for the transactions in course, as PGlite's own queries do.
 */
function sqlOf(connection: PGlite | Transaction, named: NamedStatements, pg: PGlite): Sql {
  const inTransaction = connection !== pg;
  return {
    ...statements,
    query: async <T>(text: string, params?: readonly unknown[]) => {
      if (!named.takes(text, params)) return (await connection.query<T>(text, params as unknown[] | undefined)).rows;
      if (inTransaction) return named.rows<T>(text, params!);
      const rows = await pg._runExclusiveTransaction(() => named.rows<T>(text, params!));
      await pg.syncToFs();
      return rows;
    },
    copy: async (copy: EncodedCopy) => {
      if (copy.rows === 0) return;
      await connection.query(copyStatement(copy, "'/dev/blob'"), [], { blob: new Blob([copy.data]) });
    },
  };
}
