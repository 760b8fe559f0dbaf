import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { MASTER_KEY_FILE } from '../crypto/master-key.ts';
import type { KeyScope } from '../crypto/key-ring.ts';
import { recordsToReseal, resealPatientData } from '../gate/reseal.ts';
import { resealTotpSecrets } from '../identity/accounts.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Store } from '../runtime/open-store.ts';
import { openStore } from '../runtime/open-store.ts';
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
    console.log(
      `Rotated ${summary.scopes} data keys; sealed again ${summary.records} records and ${summary.accounts} TOTP secrets${summary.skipped ? ` (${summary.skipped} rows changed meanwhile kept their own sealing)` : ''}.`,
    );
  } finally {
    await store.close();
  }
}

export async function rotateKeys(
  store: Pick<Store, 'db' | 'keys'>,
  operator: string,
  onProgress?: (done: number) => void,
): Promise<{ scopes: number; records: number; accounts: number; skipped: number }> {
  const scopes = store.keys.scopes().filter((scope) => scope.startsWith('establishment:') || scope === 'accounts') as KeyScope[];
  await store.db.transaction(async (tx) => {
    for (const scope of scopes) {
      const { retired, current } = await store.keys.rotate(tx, scope);
      await appendAudit(tx, [
        {
          action: 'key-rotation',
          outcome: 'allowed',
          reason: `data key of ${scope} rotated by the operator ${operator}: key ${retired} retired, key ${current} current`,
          detail: { scope, retired, current, operator },
        },
      ]);
    }
  });
  const { resealed, skipped } = await resealPatientData(store, onProgress);
  const accounts = await resealTotpSecrets(store.db, store.keys);
  await appendAudit(store.db, [
    {
      action: 'key-rotation',
      outcome: 'allowed',
      reason: `records sealed again under the new keys by the operator ${operator}: ${resealed} records, ${accounts} TOTP secrets`,
      detail: { resealed, skipped, accounts, operator },
    },
  ]);
  return { scopes: scopes.length, records: resealed, accounts, skipped };
}

/**
 * `vigie keys rewrap --new-master FILE`: a new master key, written first to FILE (0600, never
 * over an existing file), then every data key wrapped again under it in one transaction,
 * in the ledger. With the demo's key file in the data folder, that file is replaced too;
 * with VIGIE_MASTER_KEY, the operator sets the new key before the next start. Running
 * servers keep the keys they hold: nothing stops.
 */
export async function keysRewrapCommand(config: RuntimeConfig, flags: { newMaster: string }): Promise<void> {
  const fresh = randomBytes(32);
  writeFileSync(flags.newMaster, fresh.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  const store = await openStore(config);
  try {
    const count = await rewrapDataKeys(store, fresh, userInfo().username);
    const demoFile = join(config.dataDir, MASTER_KEY_FILE);
    if (!process.env.VIGIE_MASTER_KEY && existsSync(demoFile)) {
      writeFileSync(`${demoFile}.new`, fresh.toString('hex') + '\n', { mode: 0o600 });
      renameSync(`${demoFile}.new`, demoFile);
      console.log(`Wrapped ${count} data keys under the new master key, written to ${flags.newMaster} and to ${demoFile}.`);
    } else {
      console.log(
        `Wrapped ${count} data keys under the new master key, written to ${flags.newMaster}: set VIGIE_MASTER_KEY to it before the next start, then destroy the old one.`,
      );
    }
  } finally {
    await store.close();
  }
}

export async function rewrapDataKeys(store: Pick<Store, 'db' | 'keys'>, newMaster: Buffer, operator: string): Promise<number> {
  return store.db.transaction(async (tx) => {
    const count = await store.keys.rewrap(tx, newMaster);
    await appendAudit(tx, [
      {
        action: 'key-rotation',
        outcome: 'allowed',
        reason: `master key replaced by the operator ${operator}: ${count} data keys wrapped again`,
        detail: { rewrapped: count, operator },
      },
    ]);
    return count;
  });
}
