import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';

/**
 * Recovery codes: what a person who lost their authenticator signs in with instead
 * (NIST SP 800-63B §5.1.2 look-up secrets). Ten, 128 random bits each, shown once; only
 * SHA-256 hashes are kept, salted with the account id so a code means nothing elsewhere.
 */
const CODES = 10;

/** 32 hexadecimal digits in four groups: easy to read out and to type. */
export function newRecoveryCode(): string {
  return randomBytes(16).toString('hex').match(/.{8}/g)!.join('-');
}

/** What a person types, with or without dashes and spaces, in either case; undefined if it cannot be a code. */
export function normaliseRecoveryCode(typed: string): string | undefined {
  const code = typed.toLowerCase().replace(/[\s-]/g, '');
  return /^[0-9a-f]{32}$/.test(code) ? code : undefined;
}

const hashOf = (accountId: string, normalised: string) => createHash('sha256').update(`${accountId}\0${normalised}`, 'utf8').digest();

/** Replaces every code of the account (used or not) by ten new ones, returned once. */
export async function replaceRecoveryCodes(tx: Sql, accountId: string): Promise<string[]> {
  await tx.run(sql`DELETE FROM recovery_code WHERE account_id = ${accountId}`);
  const codes = Array.from({ length: CODES }, newRecoveryCode);
  await tx.run(
    sql`INSERT INTO recovery_code (code_hash, account_id) SELECT unnest(${codes.map((code) => hashOf(accountId, normaliseRecoveryCode(code)!))}::bytea[]), ${accountId}`,
  );
  return codes;
}

/** Spends one code: true once, false for a wrong, malformed or spent one. */
export async function spendRecoveryCode(tx: Sql, accountId: string, typed: string): Promise<boolean> {
  const code = normaliseRecoveryCode(typed);
  if (!code) return false;
  const spent = await tx.rows(
    sql`UPDATE recovery_code SET used_at = now() WHERE code_hash = ${hashOf(accountId, code)} AND account_id = ${accountId} AND used_at IS NULL RETURNING 1`,
  );
  return spent.length === 1;
}

export async function unusedRecoveryCodes(tx: Sql, accountId: string): Promise<number> {
  return tx.count(sql`SELECT count(*) FROM recovery_code WHERE account_id = ${accountId} AND used_at IS NULL`);
}
