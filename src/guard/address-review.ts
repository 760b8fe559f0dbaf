import { isIP } from 'node:net';
import type { Actor } from '../domain/actor.ts';
import { appendAudit } from '../ledger/append.ts';
import { auditReading } from '../ledger/audit-reading.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { invalidParameter, notFound } from '../domain/refusals.ts';
import { mustBeOfficer } from './alert-review.ts';
import { mustHaveFreshPasskey } from '../domain/actor.ts';
import { noteOf, reinstatementEntry } from './officer-note.ts';

/** A contained address as the security officer sees it. */
export interface ContainedAddress {
  address: string;
  alertId: string;
  containedAt: string;
}

export async function listContainedAddresses(db: Database, officer: Actor): Promise<ContainedAddress[]> {
  await mustBeOfficer(db, officer, 'read the contained addresses');
  return db.transaction(async (tx) => {
    const rows = await tx.rows<{ address: string; alert_id: string; contained_at: Date }>(
      sql`SELECT address, alert_id, contained_at FROM guard_address WHERE lifted_at IS NULL ORDER BY contained_at DESC`,
    );
    await auditReading(tx, officer, 'allowed', 'security officer: reads the contained addresses', { detail: { count: rows.length } });
    return rows.map((row) => ({ address: row.address, alertId: row.alert_id, containedAt: new Date(row.contained_at).toISOString() }));
  });
}

/**
 * The security officer lifts an address's containment, with a fresh passkey and a note;
 * the accounts contained with it are reinstated one by one, each after its own review.
 */
export async function liftAddress(db: Database, officer: Actor, asked: { address: string; note: string }): Promise<{ address: string; lifted: true }> {
  await mustBeOfficer(db, officer, 'lift contained addresses');
  const { address } = asked;
  if (isIP(address) === 0) throw invalidParameter('Give the address (IPv4 or IPv6) to lift', 'address');
  const note = noteOf(asked.note);
  mustHaveFreshPasskey(officer, 'Lifting an address');
  return db.transaction(async (tx) => {
    const lifted = await tx.rows(
      sql`UPDATE guard_address SET lifted_at = now(), lifted_by = ${officer.accountId}, note = ${note} WHERE address = ${address} AND lifted_at IS NULL RETURNING id`,
    );
    if (lifted.length === 0) throw notFound(`contained address ${address}`);
    await appendAudit(tx, [reinstatementEntry(officer, note, { address })]);
    return { address, lifted: true as const };
  });
}
