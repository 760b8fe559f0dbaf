import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo credentials file of the contract: generated at seed time, never committed. */
export interface DemoAccount {
  username: string;
  password: string;
  totpSecret: string;
  role: string;
  establishment: string | null;
  /** Role patient: the record the account belongs to. */
  patientId?: string;
  /** Privileged roles: the still-unused code with which the owner enrols the first passkey (72 hours). */
  activationCode?: string;
}

export const defaultAccountsFile = (dataDir: string) => join(dataDir, 'demo-accounts.json');

export function writeDemoAccounts(file: string, accounts: DemoAccount[]): void {
  writeFileSync(file, JSON.stringify(accounts, null, 2) + '\n', { mode: 0o600 });
}

export function readDemoAccounts(file: string): DemoAccount[] {
  return JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[];
}
