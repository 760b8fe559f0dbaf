import type { RoleRequest } from './database-roles.ts';

/**
 * The one small database interface Vigie uses, with two drivers:
 * PGlite (Postgres in WASM, in a data folder) by default, `pg` when DATABASE_URL is set.
 * Both speak the same PostgreSQL dialect, so migrations and queries are written once.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Inside a transaction: works the rest of it as `role` (SET LOCAL ROLE). The one way to
   * change role on a connection that works as the application's: no statement may (role-wall.ts).
   */
  switchRole?(role: RoleRequest): Promise<void>;
  /**
   * Bulk load in COPY text format, where the driver supports it (PGlite: 1.7× the rate of
   * multi-row INSERT, measured at 20,000 patients). Callers fall back to INSERT without it.
   */
  copyRows?(table: string, columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<CopyValue>>): Promise<void>;
}

export type CopyValue = string | number | bigint | Uint8Array | readonly bigint[] | null | undefined;

/** One row in COPY text format: tab-separated, \N for null, bytea as \\x hex, arrays as {a,b}. */
export function copyLine(values: ReadonlyArray<CopyValue>): string {
  return values
    .map((value) => {
      if (value === null || value === undefined) return '\\N';
      if (value instanceof Uint8Array) return '\\\\x' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
      if (Array.isArray(value)) return `{${value.join(',')}}`;
      const text = String(value);
      if (/[\t\n\r\\]/.test(text)) throw new Error('copyLine: value needs escaping, use INSERT instead');
      return text;
    })
    .join('\t');
}

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
