import { randomUUID } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
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
export async function createAccount(tx: Sql, keys: KeyRing, account: NewAccount): Promise<{ id: string; totpSecret: string }> {
  const id = randomUUID();
  const totpSecret = newTotpSecret();
  await tx.run(sql`INSERT INTO account (id, username, role, establishment_id, practitioner_id, unit_id, patient_id, password_hash, totp_secret, activated_at)
     VALUES (${id}, ${account.username}, ${account.role}, ${account.establishmentId ?? null}, ${account.practitionerId ?? null}, ${account.unitId ?? null}, ${account.patientId ?? null}, ${await hashPassword(account.password)}, ${sealTotpSecret(keys, id, totpSecret)}, CASE WHEN ${account.activated ?? true} THEN now() END)`);
  return { id, totpSecret };
}

export async function accountByUsername(tx: Sql, username: string): Promise<AccountRow | undefined> {
  return tx.one<AccountRow>(sql`SELECT * FROM account WHERE username = ${username}`);
}

export async function accountById(tx: Sql, id: string): Promise<AccountRow | undefined> {
  return tx.one<AccountRow>(sql`SELECT * FROM account WHERE id = ${id}`);
}

export function sealTotpSecret(keys: KeyRing, accountId: string, secret: string): Uint8Array {
  return keys.accounts.encrypt(totpAad(accountId), Buffer.from(secret, 'utf8'));
}

export function totpSecretOf(keys: KeyRing, account: AccountRow): string {
  return keys.accounts.decrypt(totpAad(account.id), account.totp_secret).toString('utf8');
}

const totpAad = (accountId: string) => `account/${accountId}/totp`;

/** Every account's TOTP secret sealed again under the current `accounts` key, after a rotation; a secret changed meanwhile keeps its new sealing. */
export async function resealTotpSecrets(tx: Sql, keys: KeyRing): Promise<number> {
  const rows = await tx.rows<{ id: string; totp_secret: Uint8Array }>(sql`SELECT id, totp_secret FROM account ORDER BY id`);
  let resealed = 0;
  for (const row of rows) {
    const sealed = keys.accounts.reseal(totpAad(row.id), row.totp_secret);
    if (
      sealed &&
      (await tx.rows(sql`UPDATE account SET totp_secret = ${sealed} WHERE id = ${row.id} AND totp_secret = ${row.totp_secret} RETURNING id`)).length === 1
    )
      resealed++;
  }
  return resealed;
}
