import type { Database } from '../../src/store/database.ts';
import { asOwner } from '../support/test-store.ts';

/**
 * What a refused request must leave as it found: every table, hashed, except those that
 * record the refusal itself — the audit ledger (DESIGN.md invariant 6: a refusal is an
 * entry) and the guard's and the sign-in throttle's bookkeeping (probes, budgets, failed
 * attempts are counted precisely when requests are refused) — and a session's
 * last-seen time, which any authenticated request moves.
 */
const RECORDS_OF_REFUSALS = new Set([
  'audit_event',
  'ledger_head',
  'ledger_checkpoint',
  'ledger_lane',
  'ledger_archive',
  'guard_event',
  'guard_day',
  'guard_volume',
  'guard_hours',
  'login_failure',
  'schema_migration',
]);
const MOVING_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  session: ['last_seen_at'],
  login_ticket: ['failed_codes'],
};

export class StoreDigest {
  private statement?: string;

  constructor(private readonly db: Database) {}

  /** One text per table, `table:rows:md5`, in one query. */
  async take(): Promise<Map<string, string>> {
    this.statement ??= await this.build();
    // As the owner: the application's role may not read every table (keys, the ledger's lanes).
    const [row] = await asOwner(this.db, (sql) => sql.query<Record<string, string>>(this.statement!));
    return new Map(Object.entries(row!));
  }

  /** The tables whose digest differs between two takes. */
  static changed(before: Map<string, string>, after: Map<string, string>): string[] {
    return [...after.keys()].filter((table) => before.get(table) !== after.get(table));
  }

  private async build(): Promise<string> {
    const columns = await asOwner(this.db, (sql) =>
      sql.query<{ table_name: string; column_name: string }>(
        `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position`,
      ),
    );
    const tables = new Map<string, string[]>();
    for (const { table_name: table, column_name: column } of columns) {
      if (RECORDS_OF_REFUSALS.has(table) || MOVING_COLUMNS[table]?.includes(column)) continue;
      tables.set(table, [...(tables.get(table) ?? []), column]);
    }
    const parts = [...tables].map(([table, kept]) => {
      const row = `row(${kept.map((column) => `"${column}"`).join(', ')})::text`;
      return `(SELECT count(*) || ':' || coalesce(md5(string_agg(${row}, '|' ORDER BY ${row})), '') FROM "${table}") AS "${table}"`;
    });
    return `SELECT ${parts.join(',\n')}`;
  }
}
