import type { RoleRequest } from './database-roles.ts';
import type { Statement } from './sql.ts';
import type { EncodedCopy } from './copy-binary.ts';

/**
 * The one small database interface Vigie uses, with two drivers:
 * PGlite (Postgres in WASM, in a data folder) by default, `pg` when DATABASE_URL is set.
 * Both speak the same PostgreSQL dialect, so migrations and queries are written once.
 */
export interface Sql extends Statements {
  /** Text with hand-numbered parameters: the drivers', the migrations'; everyone else writes statements (sql.ts). */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Inside a transaction: works the rest of it as `role` (SET LOCAL ROLE). The one way to
   * change role on a connection that works as the application's: no statement may (role-wall.ts).
   */
  switchRole?(role: RoleRequest): Promise<void>;
  /**
   * Bulk load: rows written in COPY's binary format (copy-binary.ts), where the driver
   * supports it (PGlite: 1.7× the rate of multi-row INSERT in text format already,
   * measured at 20,000 patients; `pg`: pg-copy.ts). Callers fall back to INSERT without
   * it (a transaction of the `pg` driver has it, its pool does not).
   */
  copy?(rows: EncodedCopy): Promise<void>;
}

/** Statements run, each through `query` (and so through the role wall): written once here, spread into every driver's handle. */
export interface Statements {
  rows<T = Record<string, unknown>>(statement: Statement): Promise<T[]>;
  /** The first row, if any. */
  one<T = Record<string, unknown>>(statement: Statement): Promise<T | undefined>;
  run(statement: Statement): Promise<void>;
  /**
   * The one value of a one-column statement (`SELECT count(*) …`) as a number: a bigint
   * comes back as a string, a bigint or a number depending on the driver.
   */
  count(statement: Statement): Promise<number>;
}

/**
 * Methods that call `this.query`, so that a handle spread into another with its `query`
 * wrapped (keepingRole) runs every statement through the wrapper.
 */
export const statements: Statements = {
  rows<T>(this: Sql, statement: Statement) {
    return this.query<T>(statement.text, statement.values);
  },
  async one<T>(this: Sql, statement: Statement) {
    return (await this.query<T>(statement.text, statement.values))[0];
  },
  async run(this: Sql, statement: Statement) {
    await this.query(statement.text, statement.values);
  },
  async count(this: Sql, statement: Statement) {
    const [row] = await this.query(statement.text, statement.values);
    const values = Object.values(row ?? {});
    if (values.length !== 1) throw new Error(`A count is one row of one column, not ${row ? values.length : 'no row'}`);
    return Number(values[0]);
  },
};

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** A PostgreSQL server's address and the role worked as: where more connections can be opened (parallel verification). */
  readonly server?: { url: string; role?: string | undefined };
  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if it throws.
   * `asRole` works the transaction as another role (SET LOCAL ROLE), sent with BEGIN.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>, asRole?: RoleRequest): Promise<T>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * The same database, worked as `role` from now on: every connection sets it as it opens
   * (a startup parameter, which RESET ROLE returns to). The login must be a member.
   */
  withRole(role: string): Promise<Database>;
  close(): Promise<void>;
}
