import { existsSync } from 'node:fs';
import { totpCode } from '../identity/totp.ts';
import { openStore } from '../store/open-store.ts';
import { isSeeded } from '../seed/writer.ts';
import type { RuntimeConfig } from './config.ts';
import { defaultAccountsFile, readDemoAccounts } from './demo-accounts.ts';
import { printSummary, seedWithProgress } from './seed.ts';
import { serve } from './serve.ts';

const DEMO_PATIENTS = 2000;
const DEMO_SEED = 2024;

/** `npm start`: seed a demo group on the first start, say where the credentials are, serve. */
export async function demoCommand(config: RuntimeConfig): Promise<void> {
  const store = await openStore(config);
  const accountsFile = defaultAccountsFile(config.dataDir);
  if (!(await isSeeded(store.db))) {
    console.log(`First start: seeding a demo clinic group with ${DEMO_PATIENTS} synthetic patients into ${config.dataDir}`);
    // As of today, so that the demo's stays and care teams are current whenever it is first started.
    const asOf = new Date().toISOString().slice(0, 10);
    printSummary(await seedWithProgress(store, { patients: DEMO_PATIENTS, seed: DEMO_SEED, asOf, accountsFile }));
  }
  const address = await serve(store, config);
  console.log(`
Vigie demo is running: ${address}   (FHIR base ${address}/fhir)
Demo credentials (synthetic accounts of every role): ${existsSync(accountsFile) ? accountsFile : '(not in this data folder)'}
Sign in: POST ${address}/api/auth/login {"username","password"}, then POST ${address}/api/auth/totp {"ticket","code"}
No authenticator app? The current code of a demo account:  npm run vigie -- demo code USERNAME
Privileged accounts (sysadmin, user_admin, security_officer, dpo) then need a passkey (WebAuthn, RP id ${config.relyingParty.id}): README, "Signing in"
`);
}

/** Prints the current TOTP code of a demo account, from the demo credentials file only. */
export async function demoCodeCommand(username: string, config: RuntimeConfig, accountsFile?: string): Promise<void> {
  const file = accountsFile ?? defaultAccountsFile(config.dataDir);
  if (!existsSync(file)) throw new Error(`No demo credentials file at ${file}: run \`vigie demo\` or \`vigie seed\` first`);
  const account = readDemoAccounts(file).find((candidate) => candidate.username === username);
  if (!account) throw new Error(`${username} is not a demo account of ${file}`);
  console.log(totpCode(account.totpSecret));
}
