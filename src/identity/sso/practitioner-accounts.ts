import { idNatPs } from '../../domain/rpps.ts';
import { RPPS_SYSTEM } from '../../domain/systems.ts';
import type { Sql } from '../../store/database.ts';
import type { AccountRow } from '../accounts.ts';

/**
 * The accounts linked to the practitioner registered under this RPPS number (the
 * Practitioner carries it as its IdNat_PS, "8" + RPPS). Accounts are created by a
 * user_admin only: a professional the provider knows but Vigie does not gets none.
 */
export async function accountsOfRpps(sql: Sql, rpps: string): Promise<AccountRow[]> {
  return sql.query<AccountRow>(
    `SELECT a.* FROM account a JOIN practitioner p ON p.id = a.practitioner_id
     WHERE p.resource -> 'identifier' @> $1::jsonb`,
    [JSON.stringify([{ system: RPPS_SYSTEM, value: idNatPs(rpps) }])],
  );
}
