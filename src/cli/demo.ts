import { existsSync } from 'node:fs';
import { totpCode } from '../identity/totp.ts';
import { openStore } from '../runtime/open-store.ts';
import { isSeeded } from '../seed/writer.ts';
import type { RuntimeConfig } from './config.ts';
import type { Settings } from './settings.ts';
import { defaultAccountsFile, readDemoAccounts, writeDemoAccounts } from '../seed/demo-accounts.ts';
import { issueActivationCode } from '../identity/activation.ts';
import { printSummary, seedWithProgress } from './seed.ts';
import { serve } from './serve.ts';
import { sql } from '../store/sql.ts';

const DEMO_PATIENTS = 2000;
const DEMO_SEED = 2024;

/** `npm start`: seed a demo group on the first start, say where the credentials are, serve. */
export async function demoCommand(settings: Settings): Promise<void> {
  const config = settings.runtime;
  const store = await openStore(config);
  const accountsFile = defaultAccountsFile(config.dataDir);
  if (!(await isSeeded(store.db))) {
    console.log(`First start: seeding a demo clinic group with ${DEMO_PATIENTS} synthetic patients into ${config.dataDir}`);
    // As of today, so that the demo's stays and care teams are current whenever it is first started.
    const asOf = new Date().toISOString().slice(0, 10);
    printSummary(await seedWithProgress(store, { patients: DEMO_PATIENTS, seed: DEMO_SEED, asOf, accountsFile }));
  }
  if (existsSync(accountsFile)) await renewDemoActivationCodes(store, accountsFile);
  const address = await serve(store, settings);
  console.log(`
Vigie demo is running: ${address}   (FHIR base ${address}/fhir)
Demo credentials (synthetic accounts of every role): ${existsSync(accountsFile) ? accountsFile : '(not in this data folder)'}
Sign in: POST ${address}/api/auth/login {"username","password"}, then POST ${address}/api/auth/totp {"ticket","code"}
No authenticator app? The current code of a demo account:  npm run vigie -- demo code USERNAME
Privileged accounts (sysadmin, user_admin, security_officer, dpo, dim) then enrol a passkey with the activationCode of that file (WebAuthn, RP id ${config.relyingParty.id}): README, "Signing in"
`);
}

/**
 * An activation code lapses after 72 hours: at each start, a privileged demo account
 * whose owner has not enrolled a passkey yet gets a new code in the credentials file, so
 * that the demo stays usable however long after its first start it is opened.
 */
export async function renewDemoActivationCodes(store: Awaited<ReturnType<typeof openStore>>, file: string): Promise<void> {
  const accounts = readDemoAccounts(file);
  let renewed = 0;
  for (const account of accounts.filter((candidate) => candidate.activationCode)) {
    const row = await store.db.one<{
      id: string;
    }>(sql`SELECT a.id FROM account a WHERE a.username = ${account.username} AND NOT EXISTS (SELECT 1 FROM passkey p WHERE p.account_id = a.id)
         AND NOT EXISTS (SELECT 1 FROM activation_code c WHERE c.account_id = a.id AND c.used_at IS NULL AND c.expires_at > now() + interval '1 hour')`);
    if (!row) continue;
    account.activationCode = (await issueActivationCode(store.db, row.id, undefined, true)).code;
    renewed++;
  }
  if (renewed > 0) writeDemoAccounts(file, accounts);
}

/** Prints the current TOTP code of a demo account, from the demo credentials file only. */
export async function demoCodeCommand(username: string, config: RuntimeConfig, accountsFile?: string): Promise<void> {
  const file = accountsFile ?? defaultAccountsFile(config.dataDir);
  if (!existsSync(file)) throw new Error(`No demo credentials file at ${file}: run \`vigie demo\` or \`vigie seed\` first`);
  const account = readDemoAccounts(file).find((candidate) => candidate.username === username);
  if (!account) throw new Error(`${username} is not a demo account of ${file}`);
  console.log(totpCode(account.totpSecret));
}
