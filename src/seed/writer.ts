import { randomBytes } from 'node:crypto';
import { careLinksOf } from '../access/care-links.ts';
import { patientSearchTerms } from '../crypto/blind-index.ts';
import { establishmentScope } from '../crypto/key-ring.ts';
import { insertDirectory } from '../directory/directory.ts';
import { sealResource } from '../gate/codec.ts';
import { createAccount } from '../identity/accounts.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import type { Store } from '../store/open-store.ts';
import { insertCareLinks, insertClinical, insertPatients, type NewCareLink, type NewClinicalRow, type NewPatientRow } from '../store/patient-rows.ts';
import { writeDemoAccounts, type DemoAccount } from '../cli/demo-accounts.ts';
import { directoryOf, generateGroup, type SeedGroup } from './group.ts';
import { generatePatientRecord } from './patient.ts';
import { demoStaff } from './staff.ts';

/**
 * Writes a synthetic group into the store: directory, data keys, demo accounts, then
 * patients in batches, each batch one transaction (a crash loses at most the batch in
 * flight; what was committed stays). Everything about a patient is encrypted before it
 * reaches the database, as it would be on the API path. Insert-only: it reads nothing.
 */
export interface SeedOptions {
  patients: number;
  seed: number;
  accountsFile: string;
  onProgress?: (done: number) => void;
}

export interface SeedSummary {
  patients: number;
  resources: number;
  accounts: number;
  accountsFile: string;
  milliseconds: number;
}

const BATCH = 500;

export async function isSeeded(db: Sql): Promise<boolean> {
  return (await db.query("SELECT 1 FROM organization WHERE level = 'group' LIMIT 1")).length > 0;
}

export async function seedDatabase(store: Store, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const { db, keys } = store;
  if (await isSeeded(db)) throw new Error('This database already holds a group; seed into an empty data folder or database');
  const group = generateGroup(options.seed);
  await db.transaction((tx) => insertDirectory(tx, directoryOf(group)));
  for (const establishment of group.establishments) await keys.ensure(db, establishmentScope(establishment.organization.id!));

  const accounts = await createDemoAccounts(db, store, group);
  writeDemoAccounts(options.accountsFile, accounts);

  let resources = 0;
  const indexKey = keys.secret('index');
  for (let start = 0; start < options.patients; start += BATCH) {
    const end = Math.min(start + BATCH, options.patients);
    const patients: NewPatientRow[] = [];
    const clinical: NewClinicalRow[] = [];
    const links: NewCareLink[] = [];
    for (let index = start; index < end; index++) {
      const record = generatePatientRecord(group, options.seed, index);
      const patient = record.patient as fhir4.Patient & { id: string };
      patients.push({ id: patient.id, establishmentId: record.establishmentId, body: sealResource(keys, record.establishmentId, patient), search: patientSearchTerms(indexKey, patient) });
      links.push(...careLinksOf(patient, record.establishmentId, patient.meta?.lastUpdated ?? new Date().toISOString()));
      for (const { resource, establishmentId } of record.resources) {
        const typed = resource as fhir4.Resource & { id: string; resourceType: string };
        clinical.push({ id: typed.id, type: typed.resourceType, patientId: patient.id, establishmentId, body: sealResource(keys, establishmentId, typed) });
        links.push(...careLinksOf(typed, establishmentId, typed.meta?.lastUpdated ?? ''));
      }
    }
    await db.transaction(async (tx) => {
      await insertPatients(tx, patients);
      await insertClinical(tx, clinical);
      await insertCareLinks(tx, links);
    });
    resources += clinical.length;
    options.onProgress?.(end);
  }
  await appendAudit(db, [
    { action: 'create', outcome: 'allowed', reason: `synthetic seed ${options.seed}: ${options.patients} patients, ${resources} resources`, detail: { seed: options.seed } },
  ]);
  return { patients: options.patients, resources, accounts: accounts.length, accountsFile: options.accountsFile, milliseconds: Date.now() - started };
}

/** Demo credentials are generated here, at seed time, with crypto randomness: never committed. */
async function createDemoAccounts(db: Database, store: Store, group: SeedGroup): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  const names = new Map(group.establishments.map((e) => [e.organization.id!, e.organization.name ?? null]));
  for (const staff of demoStaff(group)) {
    const password = randomBytes(12).toString('base64url');
    const { totpSecret } = await createAccount(db, store.keys, { ...staff, password });
    accounts.push({ username: staff.username, password, totpSecret, role: staff.role, establishment: staff.establishmentId ? names.get(staff.establishmentId) ?? null : null });
  }
  return accounts;
}
