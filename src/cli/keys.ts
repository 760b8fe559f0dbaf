import { userInfo } from 'node:os';
import type { KeyScope } from '../crypto/key-ring.ts';
import { recordsToReseal, resealPatientData } from '../gate/reseal.ts';
import { resealTotpSecrets } from '../identity/accounts.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Store } from '../store/open-store.ts';
import { openStore } from '../store/open-store.ts';
import type { RuntimeConfig } from './config.ts';
import { progressBar } from './progress.ts';

/**
 * `vigie keys rotate`: after a breach (or on schedule), each establishment's data key and
 * the accounts' key are replaced, then every patient and clinical row and every TOTP
 * secret is sealed again under the new keys, batch by batch while the service runs on (a
 * ciphertext names its key: old and new read alike meanwhile). Each step is in the ledger.
 * The blind-index key and the exports' key are not rotated here: the first keys every
 * search term (a re-index), the second the marks by which past exports are recognised.
 */
export async function keysRotateCommand(config: RuntimeConfig): Promise<void> {
  const store = await openStore(config);
  try {
    const total = await recordsToReseal(store.db);
    let bar: ReturnType<typeof progressBar> | undefined;
    const summary = await rotateKeys(store, userInfo().username, (done) => {
      bar ??= progressBar('Sealing the records again', total);
      bar.update(done);
    });
    bar?.stop();
    console.log(`Rotated ${summary.scopes} data keys; sealed again ${summary.records} records and ${summary.accounts} TOTP secrets${summary.skipped ? ` (${summary.skipped} rows changed meanwhile kept their own sealing)` : ''}.`);
  } finally {
    await store.close();
  }
}

export async function rotateKeys(store: Pick<Store, 'db' | 'keys'>, operator: string, onProgress?: (done: number) => void): Promise<{ scopes: number; records: number; accounts: number; skipped: number }> {
  const scopes = store.keys.scopes().filter((scope) => scope.startsWith('establishment:') || scope === 'accounts') as KeyScope[];
  await store.db.transaction(async (tx) => {
    for (const scope of scopes) {
      const { retired, current } = await store.keys.rotate(tx, scope);
      await appendAudit(tx, [{ action: 'key-rotation', outcome: 'allowed', reason: `data key of ${scope} rotated by the operator ${operator}: key ${retired} retired, key ${current} current`, detail: { scope, retired, current, operator } }]);
    }
  });
  const { resealed, skipped } = await resealPatientData(store, onProgress);
  const accounts = await resealTotpSecrets(store.db, store.keys);
  await appendAudit(store.db, [
    { action: 'key-rotation', outcome: 'allowed', reason: `records sealed again under the new keys by the operator ${operator}: ${resealed} records, ${accounts} TOTP secrets`, detail: { resealed, skipped, accounts, operator } },
  ]);
  return { scopes: scopes.length, records: resealed, accounts, skipped };
}
