import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-store.ts';
import type { Store } from '../store/open-store.ts';
import { DecryptionFailed, open, seal } from './aead.ts';
import { KeyRing } from './key-ring.ts';

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

  it('gives each establishment its own key, wrapped in the database', async () => {
    await store.keys.ensure(store.db, 'establishment:a');
    await store.keys.ensure(store.db, 'establishment:b');
    const blob = store.keys.encryptJson('establishment:a', 'Patient/1', { family: 'Martin' });
    expect(store.keys.decryptJson(`Patient/1`, blob)).toEqual({ family: 'Martin' });
    expect(store.keys.secret('establishment:a').equals(store.keys.secret('establishment:b'))).toBe(false);
    const rows = await store.db.query<{ wrapped: Uint8Array }>('SELECT wrapped FROM data_key');
    for (const row of rows) {
      expect(Buffer.from(row.wrapped).includes(store.keys.secret('establishment:a'))).toBe(false);
    }
  });

  it('cannot be opened with another master key', async () => {
    await expect(KeyRing.load(store.db, randomBytes(32))).rejects.toThrow(DecryptionFailed);
  });

  it('ensure is idempotent', async () => {
    const before = store.keys.secret('establishment:a');
    await store.keys.ensure(store.db, 'establishment:a');
    expect(store.keys.secret('establishment:a').equals(before)).toBe(true);
  });
});
