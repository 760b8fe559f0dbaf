import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGroup } from '../src/seed/group.ts';
import { generatePatientRecord, type PatientRecord } from '../src/seed/patient.ts';
import { seedDatabase } from '../src/seed/writer.ts';
import { openStore, type Store } from '../src/runtime/open-store.ts';
import { openTestStore, onPostgres, ownerQuery } from './support/test-store.ts';

/**
 * DESIGN invariant 7 and the 2021 leak: a dump of the database holds no identifier in
 * plain text. Seeds patients, dumps every table (bytea as bytes), and looks for each
 * seeded name, NIR, e-mail address and phone number.
 */
const PATIENTS = 150;
const SEED = 11;
/** Directory and accounts are public data (Annuaire Santé) and may share a surname with a patient. */
const DIRECTORY_TABLES = new Set(['organization', 'practitioner', 'practitioner_role', 'account']);

function needlesOf(records: PatientRecord[]) {
  const patients = records.map((record) => record.patient);
  const identifiers = new Set<string>();
  const names = new Set<string>();
  for (const patient of patients) {
    for (const name of patient.name ?? []) {
      // Five letters or more, matched with their case: shorter words turn up by chance in
      // megabytes of ciphertext (plain text would hold them exactly as written).
      if (name.family && name.family.length >= 5) names.add(name.family);
      for (const given of name.given ?? []) if (given.length >= 5) names.add(given);
    }
    for (const id of patient.identifier ?? []) if (id.value) identifiers.add(id.value);
    for (const telecom of patient.telecom ?? []) if (telecom.value) identifiers.add(telecom.value);
  }
  for (const { resource } of records.flatMap((record) => record.resources)) {
    if (resource.resourceType === 'Coverage' && resource.subscriberId) identifiers.add(resource.subscriberId);
  }
  return { identifiers: [...identifiers], names: [...names] };
}

async function dumpTables(store: Store): Promise<Map<string, Buffer>> {
  // As the thief with a dump has it: every table, the owner's view (the application's role sees no patient table).
  const tables = await ownerQuery<{ table_name: string }>(
    store.db,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const dump = new Map<string, Buffer>();
  for (const { table_name } of tables) {
    const rows = await ownerQuery<Record<string, unknown>>(store.db, `SELECT * FROM ${table_name}`);
    const parts = rows.flatMap((row) => Object.values(row).map((value) => (value instanceof Uint8Array ? Buffer.from(value) : Buffer.from(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) ?? ''))));
    dump.set(table_name, Buffer.concat(parts));
  }
  return dump;
}

/**
 * Whether the text holds the value. An identifier of digits alone (an IPP, a phone) counts
 * where no digit touches it: a plain-text one is written between quotes or other
 * characters, while 64-bit blind indexes, written as 19-digit numbers, hold any 8 digits
 * by chance somewhere in thousands of them.
 */
function holds(text: string, value: string): boolean {
  if (!/^\d+$/.test(value)) return text.includes(value);
  const digit = (at: number) => at >= 0 && at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) if (!digit(at - 1) && !digit(at + value.length)) return true;
  return false;
}

function findings(dump: Map<string, Buffer>, needles: ReturnType<typeof needlesOf>): string[] {
  const found: string[] = [];
  for (const [table, bytes] of dump) {
    const text = bytes.toString('utf8');
    for (const value of needles.identifiers) if (holds(text, value)) found.push(`${table}: ${value}`);
    if (DIRECTORY_TABLES.has(table)) continue;
    for (const value of needles.names) if (text.includes(value)) found.push(`${table}: ${value}`);
  }
  return found;
}

describe('no plain-text identifier at rest', () => {
  let store: Store;
  let records: PatientRecord[];

  beforeAll(async () => {
    store = await openTestStore();
    await seedDatabase(store, { patients: PATIENTS, seed: SEED, accountsFile: join(mkdtempSync(join(tmpdir(), 'vigie-acc-')), 'a.json') });
    const group = generateGroup(SEED);
    records = Array.from({ length: PATIENTS }, (_, index) => generatePatientRecord(group, SEED, index));
  });
  afterAll(() => store.close());

  it('finds none of the seeded names, NIRs, e-mails or phones in any table', async () => {
    const needles = needlesOf(records);
    expect(needles.identifiers.length).toBeGreaterThan(PATIENTS * 2);
    expect(needles.names.length).toBeGreaterThan(PATIENTS / 2);
    const dump = await dumpTables(store);
    expect(dump.get('patient')!.length).toBeGreaterThan(PATIENTS * 500);
    expect(findings(dump, needles)).toEqual([]);
  });

  it('would find them if they were there (the check can fail)', () => {
    const needles = needlesOf(records.slice(0, 1));
    const planted = new Map([['patient', Buffer.from(JSON.stringify(records[0]!.patient))]]);
    expect(findings(planted, needles).length).toBeGreaterThan(2);
    // An identifier of digits is found as a value of its own, not inside a longer number.
    expect(holds('{"ipp":"13563388"}', '13563388')).toBe(true);
    expect(holds('{"ipp":13563388}', '13563388')).toBe(true);
    expect(holds('[-4513563388123456789]', '13563388')).toBe(false);
  });
});

describe.skipIf(onPostgres)('the embedded database files on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-at-rest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hold no identifier either, WAL included', async () => {
    const store = await openStore({ dataDir: dir, env: {} as NodeJS.ProcessEnv });
    await seedDatabase(store, { patients: 40, seed: SEED, accountsFile: join(dir, 'accounts.json') });
    await store.close();
    const group = generateGroup(SEED);
    const needles = needlesOf(Array.from({ length: 40 }, (_, index) => generatePatientRecord(group, SEED, index)));
    const files = (function walk(path: string): string[] {
      return readdirSync(path).flatMap((name) => {
        const full = join(path, name);
        return statSync(full).isDirectory() ? walk(full) : [full];
      });
    })(join(dir, 'pgdata'));
    const found = files.flatMap((file) => {
      const text = readFileSync(file).toString('latin1');
      return needles.identifiers.filter((value) => text.includes(value)).map((value) => `${file}: ${value}`);
    });
    expect(found).toEqual([]);
  });
});
