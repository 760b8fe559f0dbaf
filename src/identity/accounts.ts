import { randomUUID } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Sql } from '../store/database.ts';
import { hashPassword } from './password.ts';
import type { Role } from '../domain/roles.ts';
import { newTotpSecret } from './totp.ts';

export interface NewAccount {
  username: string;
  role: Role;
  password: string;
  establishmentId?: string | undefined;
  practitionerId?: string | undefined;
  unitId?: string | undefined;
  /** Role patient: their own record. */
  patientId?: string | undefined;
  /** False for an account an administrator asks for: its owner sets the credentials with an activation code. */
  activated?: boolean | undefined;
}

export interface AccountRow {
  id: string;
  username: string;
  role: Role;
  establishment_id: string | null;
  practitioner_id: string | null;
  unit_id: string | null;
  patient_id: string | null;
  password_hash: string;
  totp_secret: Uint8Array;
  totp_last_step: bigint | number;
  /** The database also has 'pending' (a privileged account awaiting a second administrator): not active, like the others. */
  status: 'active' | 'suspended' | 'contained';
  created_at: Date;
}

/** Creates an account with its TOTP secret (MFA is not optional: there is no account without one). */
export async function createAccount(sql: Sql, keys: KeyRing, account: NewAccount): Promise<{ id: string; totpSecret: string }> {
  const id = randomUUID();
  const totpSecret = newTotpSecret();
  await sql.query(
    `INSERT INTO account (id, username, role, establishment_id, practitioner_id, unit_id, patient_id, password_hash, totp_secret, activated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END)`,
    [
      id,
      account.username,
      account.role,
      account.establishmentId ?? null,
      account.practitionerId ?? null,
      account.unitId ?? null,
      account.patientId ?? null,
      await hashPassword(account.password),
      sealTotpSecret(keys, id, totpSecret),
      account.activated ?? true,
    ],
  );
  return { id, totpSecret };
}

export async function accountByUsername(sql: Sql, username: string): Promise<AccountRow | undefined> {
  return (await sql.query<AccountRow>('SELECT * FROM account WHERE username = $1', [username]))[0];
}

export async function accountById(sql: Sql, id: string): Promise<AccountRow | undefined> {
  return (await sql.query<AccountRow>('SELECT * FROM account WHERE id = $1', [id]))[0];
}

export function sealTotpSecret(keys: KeyRing, accountId: string, secret: string): Uint8Array {
  return keys.accounts.encrypt(totpAad(accountId), Buffer.from(secret, 'utf8'));
}

export function totpSecretOf(keys: KeyRing, account: AccountRow): string {
  return keys.accounts.decrypt(totpAad(account.id), account.totp_secret).toString('utf8');
}

const totpAad = (accountId: string) => `account/${accountId}/totp`;

/** Every account's TOTP secret sealed again under the current `accounts` key, after a rotation; a secret changed meanwhile keeps its new sealing. */
export async function resealTotpSecrets(sql: Sql, keys: KeyRing): Promise<number> {
  const rows = await sql.query<{ id: string; totp_secret: Uint8Array }>('SELECT id, totp_secret FROM account ORDER BY id');
  let resealed = 0;
  for (const row of rows) {
    const sealed = keys.accounts.reseal(totpAad(row.id), row.totp_secret);
    if (
      sealed &&
      (await sql.query('UPDATE account SET totp_secret = $2 WHERE id = $1 AND totp_secret = $3 RETURNING id', [row.id, sealed, row.totp_secret])).length === 1
    )
      resealed++;
  }
  return resealed;
}
