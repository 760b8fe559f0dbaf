import { randomUUID } from 'node:crypto';
import type { WebAuthnCredential } from '@simplewebauthn/server';
import type { Sql } from '../../store/database.ts';

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

export async function passkeysOf(sql: Sql, accountId: string): Promise<PasskeyRow[]> {
  return sql.query<PasskeyRow>('SELECT * FROM passkey WHERE account_id = $1 ORDER BY created_at, id', [accountId]);
}

export async function hasPasskey(sql: Sql, accountId: string): Promise<boolean> {
  return (await sql.query('SELECT 1 FROM passkey WHERE account_id = $1 LIMIT 1', [accountId])).length > 0;
}

/** The account's passkey with this credential id, locked until the counter is updated. */
export async function passkeyForAssertion(
  tx: Sql,
  accountId: string,
  credentialId: string,
): Promise<{ id: string; credential: WebAuthnCredential } | undefined> {
  const [row] = await tx.query<PasskeyRow>('SELECT * FROM passkey WHERE account_id = $1 AND credential_id = $2 FOR UPDATE', [accountId, credentialId]);
  return row && { id: row.id, credential: credentialOf(row) };
}

export async function insertPasskey(tx: Sql, accountId: string, credential: WebAuthnCredential): Promise<PasskeySummary> {
  const [row] = await tx.query<PasskeyRow>(
    `INSERT INTO passkey (id, account_id, credential_id, public_key, counter, transports) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [randomUUID(), accountId, credential.id, Buffer.from(credential.publicKey), credential.counter, credential.transports ?? []],
  );
  return summaryOf(row!);
}

export async function recordPasskeyUse(tx: Sql, passkeyId: string, counter: number): Promise<void> {
  await tx.query('UPDATE passkey SET counter = $2, last_used_at = now() WHERE id = $1', [passkeyId, counter]);
}

export async function deletePasskey(tx: Sql, accountId: string, passkeyId: string): Promise<PasskeySummary | undefined> {
  const [row] = await tx.query<PasskeyRow>('DELETE FROM passkey WHERE id = $1 AND account_id = $2 RETURNING *', [passkeyId, accountId]);
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
