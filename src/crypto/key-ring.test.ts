import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-store.ts';
import type { Store } from '../runtime/open-store.ts';
import { DecryptionFailed, open, seal } from './aead.ts';
import { KeyRing, KeyScopeRefused, type HashingScope, type KeyScope } from './key-ring.ts';
import { PATIENT_DATA } from './patient-data.ts';
import { sql } from '../store/sql.ts';

describe('AES-256-GCM sealing', () => {
  const key = randomBytes(32);

  it('round-trips and never repeats a ciphertext', () => {
    const a = seal(key, Buffer.from('Intolérance tramadol'), 'Patient/1');
    const b = seal(key, Buffer.from('Intolérance tramadol'), 'Patient/1');
    expect(a.equals(b)).toBe(false);
    expect(open(key, a, 'Patient/1').toString()).toBe('Intolérance tramadol');
  });

  it('refuses a blob moved to another row', () => {
    const sealed = seal(key, Buffer.from('x'), 'Patient/1');
    expect(() => open(key, sealed, 'Patient/2')).toThrow(DecryptionFailed);
  });

  it('refuses a flipped bit and the wrong key', () => {
    const sealed = seal(key, Buffer.from('data'), 'a');
    const flipped = Buffer.from(sealed);
    flipped[14] = flipped[14]! ^ 1;
    expect(() => open(key, flipped, 'a')).toThrow(DecryptionFailed);
    expect(() => open(randomBytes(32), sealed, 'a')).toThrow(DecryptionFailed);
  });
});

describe('key ring', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  const rawKey = (scope: KeyScope) => store.keys.currentKeys([scope], PATIENT_DATA)[0]!.key;

  it('gives each establishment its own key, wrapped in the database', async () => {
    await store.keys.ensure(store.db, 'establishment:a');
    await store.keys.ensure(store.db, 'establishment:b');
    const patients = store.keys.patientCipher(PATIENT_DATA);
    const blob = patients.forEstablishment('a').encryptJson('Patient/1', { family: 'Martin' });
    expect(patients.decryptJson('Patient/1', blob)).toEqual({ family: 'Martin' });
    expect(rawKey('establishment:a').equals(rawKey('establishment:b'))).toBe(false);
    const rows = await store.db.rows<{ wrapped: Uint8Array }>(sql`SELECT wrapped FROM data_key`);
    for (const row of rows) {
      expect(Buffer.from(row.wrapped).includes(rawKey('establishment:a'))).toBe(false);
    }
  });

  it('opens patient data only for the holder of the claim, and each kind of key only what it sealed', () => {
    const patientBlob = store.keys.patientCipher(PATIENT_DATA).forEstablishment('a').encrypt('Patient/2', Buffer.from('Dupont'));
    const accountBlob = store.keys.accounts.encrypt('account/1/totp', Buffer.from('JBSWY3DPEHPK3PXP'));
    // A module given the ring, not the claim: the accounts' key refuses a record, whatever the additional data says.
    expect(() => store.keys.accounts.decrypt('Patient/2', patientBlob)).toThrow(KeyScopeRefused);
    expect(() => store.keys.accounts.reseal('Patient/2', patientBlob)).toThrow(KeyScopeRefused);
    expect(() => store.keys.patientCipher(Symbol('patient data') as typeof PATIENT_DATA)).toThrow(KeyScopeRefused);
    expect(() => store.keys.currentKeys(['establishment:a'])).toThrow(KeyScopeRefused);
    expect(() => store.keys.secret('establishment:a' as HashingScope)).toThrow(KeyScopeRefused);
    expect(() => store.keys.secret('accounts' as HashingScope)).toThrow(KeyScopeRefused);
    // And the gate's cipher opens no account's secret.
    expect(() => store.keys.patientCipher(PATIENT_DATA).decrypt('account/1/totp', accountBlob)).toThrow(KeyScopeRefused);
    expect(store.keys.accounts.decrypt('account/1/totp', accountBlob).toString()).toBe('JBSWY3DPEHPK3PXP');
    // Nor has the ring itself any opening for everyone, in its type or at run time.
    // @ts-expect-error: KeyRing has no decrypt
    expect(() => store.keys.decrypt('Patient/2', patientBlob)).toThrow(TypeError);
  });

  it('cannot be opened with another master key', async () => {
    await expect(KeyRing.load(store.db, randomBytes(32))).rejects.toThrow(DecryptionFailed);
  });

  it('ensure is idempotent', async () => {
    const before = rawKey('establishment:a');
    await store.keys.ensure(store.db, 'establishment:a');
    expect(rawKey('establishment:a').equals(before)).toBe(true);
  });
});
