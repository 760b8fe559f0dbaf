import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGroup } from '../src/seed/group.ts';
import { generatePatientRecord, type PatientRecord } from '../src/seed/patient.ts';
import { seedDatabase } from '../src/seed/writer.ts';
import { openStore, type Store } from '../src/runtime/open-store.ts';
import { onPostgres, ownerQuery } from './support/test-store.ts';
import { documentReferenceExample } from '../src/domain/examples.ts';
import { approveExport, seededStage, type SeededStage } from './support/export-flow.ts';
import type { SoftwareAuthenticator } from './support/software-authenticator.ts';
import { signInAs } from './support/sign-in.ts';

/**
 * DESIGN invariant 7 and the 2021 leak: a dump of the database holds no identifier in
 * plain text. Seeds patients, works the API as the staff do — reads, searches, an
 * identity lookup, a break-glass whose reason names the patient, a note written, an
 * export, a honey record touched and its alert — then dumps every table (bytea as bytes)
 * and the export files, and looks for each seeded name, NIR, e-mail address, phone,
 * street line, birth date and note, and for what the staff typed.
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
    for (const line of patient.address?.flatMap((address) => address.line ?? []) ?? []) if (line.length >= 10) names.add(line);
    // Birth dates before 1990: no plain-text date of Vigie's own (a stay, an entry) is that old.
    if (patient.birthDate && patient.birthDate < '1990') identifiers.add(patient.birthDate);
  }
  for (const { resource } of records.flatMap((record) => record.resources)) {
    if (resource.resourceType === 'Coverage' && resource.subscriberId) identifiers.add(resource.subscriberId);
    if (resource.resourceType === 'DocumentReference') {
      const note = Buffer.from(resource.content[0]?.attachment.data ?? '', 'base64').toString('utf8');
      if (note.length >= 20) names.add(note.slice(0, 40));
    }
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
    const parts = rows.flatMap((row) =>
      Object.values(row).map((value) =>
        value instanceof Uint8Array ? Buffer.from(value) : Buffer.from(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) ?? ''),
      ),
    );
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

function walk(path: string): string[] {
  return readdirSync(path).flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
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

/** What the staff typed during the activity: free text that names a patient, sealed like the record. */
const TYPED = { breakGlass: 'Appel du SAMU pour Mme', note: 'Revue en consultation de suivi, patiente' };

/** The API worked as the staff do, so that the ledger, the guard, break-glass, notes, exports and alerts hold something. */
async function workTheApi(stage: SeededStage, records: PatientRecord[]): Promise<string[]> {
  const { app, accounts } = stage;
  const doctor = await signInAs(
    app,
    accounts.find((account) => account.role === 'doctor')!,
  );
  const typed: string[] = [];
  const mine = ((await app.inject({ url: '/fhir/Patient?_count=10', headers: doctor })).json() as fhir4.Bundle).entry!.map(
    (entry) => entry.resource as fhir4.Patient,
  );
  expect(mine.length).toBeGreaterThan(2);
  for (const patient of mine.slice(0, 3)) {
    expect((await app.inject({ url: `/fhir/Patient/${patient.id}/$everything`, headers: doctor })).statusCode).toBe(200);
    expect((await app.inject({ url: `/fhir/Patient?family=${encodeURIComponent(patient.name![0]!.family!)}`, headers: doctor })).statusCode).toBe(200);
  }
  // An identity lookup of someone outside the doctor's care, then break-glass with a reason that names them.
  const mineIds = new Set(mine.map((patient) => patient.id));
  const other = records.map((record) => record.patient).find((patient) => !mineIds.has(patient.id))!;
  const nir = other.identifier!.find((identifier) => /^\d{15}$/.test(identifier.value ?? ''))!.value!;
  expect((await app.inject({ url: `/fhir/Patient?identifier=${nir}`, headers: doctor })).statusCode).toBe(200);
  const reason = `${TYPED.breakGlass} ${other.name![0]!.family}, NIR ${nir}`;
  typed.push(reason);
  const glass = await app.inject({
    method: 'POST',
    url: '/api/break-glass',
    headers: doctor,
    payload: { patient: other.id, reason: 'emergency', text: reason },
  });
  expect(glass.statusCode, glass.body).toBe(201);
  // A note written about one of the doctor's patients.
  const note = `${TYPED.note} ${mine[0]!.name![0]!.family} née le ${mine[0]!.birthDate}`;
  typed.push(note);
  const written = await app.inject({
    method: 'POST',
    url: '/fhir/DocumentReference',
    headers: doctor,
    payload: {
      ...documentReferenceExample(mine[0]!.id!),
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(note).toString('base64') } }],
    },
  });
  expect(written.statusCode, written.body).toBe(201);
  // An export of three of them, written to sealed files.
  const asked = await app.inject({
    method: 'POST',
    url: '/api/exports',
    headers: doctor,
    payload: {
      purpose: 'care-continuity',
      justification: 'transfert vers le centre de rééducation',
      scope: { kind: 'patients', ids: mine.slice(0, 3).map((patient) => patient.id) },
      fields: 'identified',
      identifiedBecause: 'continuité des soins',
      format: 'csv',
    },
  });
  expect(asked.json().status, asked.body).toBe('awaiting-approval');
  // With the patients' identities, it leaves once the data protection officer approves it.
  const dpoAccount = accounts.find((account) => account.role === 'dpo')! as (typeof accounts)[number] & { authenticator?: SoftwareAuthenticator };
  await approveExport(app, await signInAs(app, dpoAccount), dpoAccount.authenticator!, asked.json().id, 'une phrase de passe pour le centre');
  await app.exportJobs.settled();
  // A nurse touching a honey record: contained, and an alert raised.
  const [honey] = await ownerQuery<{ patient_id: string }>(stage.store.db, 'SELECT patient_id FROM honey_record LIMIT 1');
  const nurse = await signInAs(
    app,
    accounts.find((account) => account.role === 'nurse')!,
  );
  expect((await app.inject({ url: `/fhir/Patient/${honey!.patient_id}`, headers: nurse })).statusCode).toBe(403);
  expect((await stage.store.db.query('SELECT 1 FROM guard_alert')).length).toBeGreaterThan(0);
  return typed;
}

describe('no plain-text identifier at rest', () => {
  let stage: SeededStage;
  let records: PatientRecord[];
  let typed: string[];

  beforeAll(async () => {
    stage = await seededStage('at-rest', { patients: PATIENTS, seed: SEED });
    const group = generateGroup(SEED);
    records = Array.from({ length: PATIENTS }, (_, index) => generatePatientRecord(group, SEED, index));
    typed = await workTheApi(stage, records);
  });
  afterAll(() => stage?.close());

  it('finds none of the seeded names, NIRs, e-mails, phones, street lines, birth dates or notes, nor what the staff typed, in any table after a working session', async () => {
    const needles = needlesOf(records);
    needles.names.push(...typed.map((text) => text.slice(0, 30)));
    expect(needles.identifiers.length).toBeGreaterThan(PATIENTS * 2);
    expect(needles.names.length).toBeGreaterThan(PATIENTS);
    const dump = await dumpTables(stage.store);
    expect(dump.get('patient')!.length).toBeGreaterThan(PATIENTS * 500);
    for (const filled of ['audit_event', 'break_glass', 'guard_alert', 'guard_event', 'export_request', 'export_file'])
      expect(dump.get(filled)!.length, filled).toBeGreaterThan(0);
    expect(findings(dump, needles)).toEqual([]);
  });

  it('finds none of them in the export files either', () => {
    const files = walk(join(stage.dir, 'exports'));
    expect(files.length).toBeGreaterThan(0);
    const needles = needlesOf(records);
    const found = files.flatMap((file) => {
      const text = readFileSync(file).toString('latin1');
      return [...needles.identifiers, ...needles.names].filter((value) => text.includes(value)).map((value) => `${file}: ${value}`);
    });
    expect(found).toEqual([]);
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
    const files = walk(join(dir, 'pgdata'));
    const found = files.flatMap((file) => {
      const text = readFileSync(file).toString('latin1');
      return needles.identifiers.filter((value) => text.includes(value)).map((value) => `${file}: ${value}`);
    });
    expect(found).toEqual([]);
  });
});
