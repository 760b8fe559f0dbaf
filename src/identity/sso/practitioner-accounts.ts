import { idNatPs } from '../../domain/rpps.ts';
import { RPPS_SYSTEM } from '../../domain/systems.ts';
import type { Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import type { AccountRow } from '../accounts.ts';

/**
 * The accounts linked to the practitioner registered under this RPPS number (the
 * Practitioner carries it as its IdNat_PS, "8" + RPPS). Accounts are created by a
 * user_admin only: a professional the provider knows but Vigie does not gets none.
 */
export async function accountsOfRpps(tx: Sql, rpps: string): Promise<AccountRow[]> {
  return tx.rows<AccountRow>(sql`SELECT a.* FROM account a JOIN practitioner p ON p.id = a.practitioner_id
     WHERE p.resource -> 'identifier' @> ${JSON.stringify([{ system: RPPS_SYSTEM, value: idNatPs(rpps) }])}::jsonb`);
}
