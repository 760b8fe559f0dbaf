import { randomUUID } from 'node:crypto';
import type { WebAuthnCredential } from '@simplewebauthn/server';
import type { Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';

/** A registered passkey as the account's owner sees it (no key material). */
export interface PasskeySummary {
  id: string;
  credentialId: string;
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

interface PasskeyRow {
  id: string;
  credential_id: string;
  public_key: Uint8Array;
  counter: bigint | number | string;
  transports: string[];
  created_at: Date;
  last_used_at: Date | null;
}

export async function passkeysOf(tx: Sql, accountId: string): Promise<PasskeyRow[]> {
  return tx.rows<PasskeyRow>(sql`SELECT * FROM passkey WHERE account_id = ${accountId} ORDER BY created_at, id`);
}

export async function hasPasskey(tx: Sql, accountId: string): Promise<boolean> {
  return (await tx.rows(sql`SELECT 1 FROM passkey WHERE account_id = ${accountId} LIMIT 1`)).length > 0;
}

/** The account's passkey with this credential id, locked until the counter is updated. */
export async function passkeyForAssertion(
  tx: Sql,
  accountId: string,
  credentialId: string,
): Promise<{ id: string; credential: WebAuthnCredential } | undefined> {
  const row = await tx.one<PasskeyRow>(sql`SELECT * FROM passkey WHERE account_id = ${accountId} AND credential_id = ${credentialId} FOR UPDATE`);
  return row && { id: row.id, credential: credentialOf(row) };
}

export async function insertPasskey(tx: Sql, accountId: string, credential: WebAuthnCredential): Promise<PasskeySummary> {
  const row = await tx.one<PasskeyRow>(
    sql`INSERT INTO passkey (id, account_id, credential_id, public_key, counter, transports) VALUES (${randomUUID()}, ${accountId}, ${credential.id}, ${Buffer.from(credential.publicKey)}, ${credential.counter}, ${credential.transports ?? []}) RETURNING *`,
  );
  return summaryOf(row!);
}

export async function recordPasskeyUse(tx: Sql, passkeyId: string, counter: number): Promise<void> {
  await tx.run(sql`UPDATE passkey SET counter = ${counter}, last_used_at = now() WHERE id = ${passkeyId}`);
}

export async function deletePasskey(tx: Sql, accountId: string, passkeyId: string): Promise<PasskeySummary | undefined> {
  const row = await tx.one<PasskeyRow>(sql`DELETE FROM passkey WHERE id = ${passkeyId} AND account_id = ${accountId} RETURNING *`);
  return row && summaryOf(row);
}

/** What allowCredentials / excludeCredentials name: the ids and how to reach them. */
export function descriptorsOf(rows: readonly PasskeyRow[]): { id: string; transports: string[] }[] {
  return rows.map((row) => ({ id: row.credential_id, transports: row.transports }));
}

export function summaryOf(row: PasskeyRow): PasskeySummary {
  return {
    id: row.id,
    credentialId: row.credential_id,
    transports: row.transports,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
  };
}

function credentialOf(row: PasskeyRow): WebAuthnCredential {
  return { id: row.credential_id, publicKey: new Uint8Array(row.public_key), counter: Number(row.counter), transports: row.transports };
}
