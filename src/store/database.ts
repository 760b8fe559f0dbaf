/**
 * The one small database interface Vigie uses, with two drivers:
 * PGlite (Postgres in WASM, in a data folder) by default, `pg` when DATABASE_URL is set.
 * Both speak the same PostgreSQL dialect, so migrations and queries are written once.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}
