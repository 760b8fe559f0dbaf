import { randomBytes } from 'node:crypto';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { open, seal } from './aead.ts';
import { PATIENT_DATA } from './patient-data.ts';

/**
 * Data keys by scope, unwrapped in memory with the master key:
 * - `establishment:<id>` encrypts that establishment's patient and clinical content, so a
 *   key serves one establishment only (invariant 7);
 * - `index` keys the blind indexes (group-wide: admissions must find a patient known to
 *   another establishment of the group);
 * - `accounts` encrypts the TOTP secrets of the accounts;
 * - `exports` keys each export's pseudonyms and marks (derived per export).
 * A ciphertext starts with a format byte and the id of its data key, so keys can be
 * rotated while old rows stay readable.
 */
export type KeyScope = `establishment:${string}` | 'index' | 'accounts' | 'exports';
/** The keys that are used whole, for keyed hashing: never one that seals patient data. */
export type HashingScope = 'index' | 'exports';

/** Sealing and opening under one kind of key; it opens nothing another kind sealed. */
export interface Cipher {
  encrypt(aad: string, plaintext: Uint8Array): Buffer;
  decrypt(aad: string, blob: Uint8Array): Buffer;
  encryptJson(aad: string, value: unknown): Buffer;
  decryptJson<T>(aad: string, blob: Uint8Array): T;
  /** Opens a blob and seals it again under the current key; undefined when it already is. */
  reseal(aad: string, blob: Uint8Array): Buffer | undefined;
}

/** The establishments' keys, for the gate alone: each establishment's data sealed under its own. */
export interface PatientCipher {
  forEstablishment(establishmentId: string): Cipher;
  /** Opens whatever an establishment's key sealed (the ciphertext names its key). */
  decrypt(aad: string, blob: Uint8Array): Buffer;
  decryptJson<T>(aad: string, blob: Uint8Array): T;
}

export class KeyScopeRefused extends Error {}

const FORMAT = 1;
const HEADER_BYTES = 5;

export interface DataKey {
  id: number;
  scope: string;
  key: Buffer;
}

export class KeyRing {
  private readonly byId = new Map<number, DataKey>();
  private readonly currentByScope = new Map<string, DataKey>();
  readonly #ciphers = new Map<string, Cipher>();
  #patientCipher: PatientCipher | undefined;

  private constructor(private master: Buffer) {}

  /**
   * A ring holding only the given data keys and no master key: it can seal but never
   * unwrap or create keys. Used by the seed's worker thread.
   */
  static detached(keys: readonly DataKey[]): KeyRing {
    const ring = new KeyRing(Buffer.alloc(0));
    for (const key of keys) {
      const dataKey = { ...key, key: Buffer.from(key.key) };
      ring.byId.set(key.id, dataKey);
      ring.currentByScope.set(key.scope, dataKey);
    }
    return ring;
  }

  /** The current data keys of some scopes, for a detached ring in the same process: the patient data's only with the claim. */
  currentKeys(scopes: readonly KeyScope[], claim?: typeof PATIENT_DATA): DataKey[] {
    if (claim !== PATIENT_DATA && scopes.some(isPatientScope)) throw new KeyScopeRefused("The patient data keys are the gate's");
    return scopes.map((scope) => this.current(scope));
  }

  /** The accounts' key: TOTP secrets, pending activations, single sign-on attempts. */
  readonly accounts: Cipher = this.cipher('accounts');

  /** The establishments' keys, to the holder of the claim (the gate). */
  patientCipher(claim: typeof PATIENT_DATA): PatientCipher {
    if (claim !== PATIENT_DATA) throw new KeyScopeRefused("The patient data keys are the gate's");
    // Made once: every record sealed or opened asks for it.
    return (this.#patientCipher ??= {
      forEstablishment: (establishmentId) => this.cipher(establishmentScope(establishmentId)),
      decrypt: (aad, blob) => this.#decrypt(aad, blob, isPatientScope),
      decryptJson: <T>(aad: string, blob: Uint8Array) => JSON.parse(this.#decrypt(aad, blob, isPatientScope).toString('utf8')) as T,
    });
  }

  static async load(tx: Sql, master: Buffer): Promise<KeyRing> {
    const ring = new KeyRing(master);
    await ring.reload(tx);
    return ring;
  }

  /** Reads the data keys again: a server picks up a rotation made by `vigie keys rotate` (src/cli/serve.ts). */
  async reload(tx: Sql): Promise<void> {
    const rows = await tx.rows<{ id: number; scope: string; wrapped: Uint8Array; retired: boolean }>(
      sql`SELECT id, scope, wrapped, retired_at IS NOT NULL AS retired FROM data_key ORDER BY id`,
    );
    for (const row of rows) {
      const key = this.byId.get(row.id) ?? { id: row.id, scope: row.scope, key: open(this.master, row.wrapped, wrapAad(row.scope)) };
      this.byId.set(row.id, key);
      if (!row.retired) this.currentByScope.set(row.scope, key);
    }
  }

  /** Creates the scope's data key if it has none yet (at seed time, or for a new establishment). */
  async ensure(tx: Sql, scope: KeyScope): Promise<void> {
    if (this.currentByScope.has(scope)) return;
    const wrapped = seal(this.master, randomBytes(32), wrapAad(scope));
    await tx.run(sql`INSERT INTO data_key (scope, wrapped) VALUES (${scope}, ${wrapped})
       ON CONFLICT (scope) WHERE retired_at IS NULL DO NOTHING`);
    await this.reload(tx);
  }

  /**
   * A new data key for the scope, the current one retired (kept to read what it sealed
   * until everything is sealed again). Returns both ids.
   */
  async rotate(tx: Sql, scope: KeyScope): Promise<{ retired: number; current: number }> {
    const retired = this.current(scope).id;
    await tx.run(sql`UPDATE data_key SET retired_at = now() WHERE scope = ${scope} AND retired_at IS NULL`);
    await tx.run(sql`INSERT INTO data_key (scope, wrapped) VALUES (${scope}, ${seal(this.master, randomBytes(32), wrapAad(scope))})`);
    await this.reload(tx);
    return { retired, current: this.current(scope).id };
  }

  /**
   * Every data key wrapped again under a new master key (after a breach that may have
   * reached the old one), in the caller's transaction. The keys themselves do not change:
   * no record is sealed again, and a running server keeps the keys it holds.
   */
  async rewrap(tx: Sql, newMaster: Buffer): Promise<number> {
    const rows = await tx.rows<{ id: number; scope: string; wrapped: Uint8Array }>(sql`SELECT id, scope, wrapped FROM data_key ORDER BY id`);
    for (const row of rows) {
      const key = open(this.master, row.wrapped, wrapAad(row.scope));
      await tx.run(sql`UPDATE data_key SET wrapped = ${seal(newMaster, key, wrapAad(row.scope))} WHERE id = ${row.id}`);
    }
    this.master = Buffer.from(newMaster);
    return rows.length;
  }

  /** The scopes with a current key, for rotating them all. */
  scopes(): string[] {
    return [...this.currentByScope.keys()];
  }

  has(scope: KeyScope): boolean {
    return this.currentByScope.has(scope);
  }

  /** Raw key of a scope, for keyed hashing (blind indexes, export marks). */
  secret(scope: HashingScope): Buffer {
    if (scope !== 'index' && scope !== 'exports') throw new KeyScopeRefused(`No key of ${String(scope)} is given whole`);
    return this.current(scope).key;
  }

  /** One scope's sealing: what it opens must have been sealed under a key of the same scope. */
  private cipher(scope: KeyScope): Cipher {
    const made = this.#ciphers.get(scope);
    if (made) return made;
    const opens = (keyScope: string) => keyScope === scope;
    const decrypt = (aad: string, blob: Uint8Array) => this.#decrypt(aad, blob, opens);
    const encrypt = (aad: string, plaintext: Uint8Array) => this.#encrypt(scope, aad, plaintext);
    const cipher: Cipher = {
      encrypt,
      decrypt,
      encryptJson: (aad, value) => this.#encrypt(scope, aad, JSON.stringify(value)),
      decryptJson: <T>(aad: string, blob: Uint8Array) => JSON.parse(decrypt(aad, blob).toString('utf8')) as T,
      reseal: (aad, blob) => (keyIdOf(blob) === this.current(scope).id ? undefined : encrypt(aad, decrypt(aad, blob))),
    };
    this.#ciphers.set(scope, cipher);
    return cipher;
  }

  #encrypt(scope: KeyScope, aad: string, plaintext: Uint8Array | string): Buffer {
    const dataKey = this.current(scope);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt8(FORMAT, 0);
    header.writeUInt32BE(dataKey.id, 1);
    return seal(dataKey.key, plaintext, `${aad}|k${dataKey.id}`, header);
  }

  /** Opens with the key the ciphertext names, if that key's scope is one the caller may open. */
  #decrypt(aad: string, blob: Uint8Array, opens: (scope: string) => boolean): Buffer {
    const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    if (bytes.readUInt8(0) !== FORMAT) throw new Error(`Unknown ciphertext format for ${aad}`);
    const keyId = bytes.readUInt32BE(1);
    const dataKey = this.byId.get(keyId);
    if (!dataKey) throw new Error(`Unknown data key ${keyId} for ${aad}`);
    if (!opens(dataKey.scope)) throw new KeyScopeRefused(`${aad} was sealed under a key this holder may not use`);
    return open(dataKey.key, bytes.subarray(HEADER_BYTES), `${aad}|k${keyId}`);
  }

  private current(scope: string): DataKey {
    const dataKey = this.currentByScope.get(scope);
    if (!dataKey) throw new Error(`No data key for ${scope}`);
    return dataKey;
  }
}

const isPatientScope = (scope: string): boolean => scope.startsWith('establishment:');
const keyIdOf = (blob: Uint8Array): number => Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).readUInt32BE(1);

function wrapAad(scope: string): string {
  return `vigie-data-key|${scope}`;
}

export const establishmentScope = (establishmentId: string): KeyScope => `establishment:${establishmentId}`;
