import { randomBytes } from 'node:crypto';
import { establishmentScope } from '../crypto/key-ring.ts';
import { insertDirectory } from '../directory/directory.ts';
import { createAccount } from '../identity/accounts.ts';
import { issueActivationCode } from '../identity/activation.ts';
import { PRIVILEGED_ROLES } from '../domain/roles.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { Store } from '../runtime/open-store.ts';
import { sealingKeys } from '../gate/codec.ts';
import { loadEncodedRecords, loadRecords } from '../gate/load-records.ts';
import { writeDemoAccounts, type DemoAccount } from './demo-accounts.ts';
import { directoryOf, generateGroup, type SeedGroup } from './group.ts';
import { PRODUCERS, startBatchProducer } from './batch-producer.ts';
import { honeyQuota, honeyRecords } from './honey.ts';
import { demoStaff } from './staff.ts';

/**
 * Writes a synthetic group into the store: directory, data keys, demo accounts, then
 * patients in batches, each batch one transaction (a crash loses at most the two batches
 * in flight; what was committed stays). Everything about a patient is encrypted before it
 * reaches the database, as it would be on the API path. Insert-only: it reads nothing.
 */
export interface SeedOptions {
  patients: number;
  seed: number;
  /** The day the records are as of (YYYY-MM-DD); by default a fixed date, so a seed gives the same data any day. */
  asOf?: string | undefined;
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
const AHEAD = 2 * PRODUCERS;
const LOADERS = 2;

export async function isSeeded(db: Sql): Promise<boolean> {
  return (await db.rows(sql`SELECT 1 FROM organization WHERE level = 'group' LIMIT 1`)).length > 0;
}

export async function seedDatabase(store: Store, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const { db, keys } = store;
  if (await isSeeded(db)) throw new Error('This database already holds a group; seed into an empty data folder or database');
  const group = generateGroup(options.seed, { referenceDate: options.asOf });
  await db.transaction((tx) => insertDirectory(tx, directoryOf(group)));
  for (const establishment of group.establishments) await keys.ensure(db, establishmentScope(establishment.id));

  const accounts = await createDemoAccounts(db, store, group);

  // Generation, encryption and COPY's encoding run in worker threads, two batches ahead of the loading each.
  const scopes = [...group.establishments.map((e) => establishmentScope(e.id)), 'index' as const];
  const producer = startBatchProducer(options.seed, options.asOf, sealingKeys(keys, scopes));
  let resources = 0;
  try {
    const ranges: Array<[number, number]> = [];
    for (let start = 0; start < options.patients; start += BATCH) ranges.push([start, Math.min(start + BATCH, options.patients)]);
    // A queue, not a list: a batch loaded is let go, so memory stays flat whatever the count.
    const ahead = ranges.slice(0, AHEAD).map(([start, end]) => producer.encode(start, end));
    // Two batches load at once, each in its own transaction on its own connection: while
    // one waits for its commit to reach the disk, the other is sent.
    const loading: Array<Promise<{ end: number; rows: number }>> = [];
    const settle = async () => {
      const loaded = await loading.shift()!;
      resources += loaded.rows;
      options.onProgress?.(loaded.end);
    };
    try {
      for (let i = 0; i < ranges.length; i++) {
        const batch = await ahead.shift()!;
        if (ranges[i + AHEAD]) ahead.push(producer.encode(...ranges[i + AHEAD]!));
        const load = loadEncodedRecords(db, batch).then(() => ({ end: ranges[i]![1], rows: batch.clinical.rows }));
        // Its failure is thrown where it is awaited, not as an unhandled rejection meanwhile.
        load.catch(() => undefined);
        loading.push(load);
        if (loading.length === LOADERS) await settle();
      }
      while (loading.length > 0) await settle();
    } finally {
      // After a failure, the loads still in flight end before the producer closes.
      await Promise.allSettled(loading);
    }
  } finally {
    await producer.close();
  }
  const honey = honeyRecords(group, keys, options.seed, honeyQuota(options.patients, group.establishments.length));
  await loadRecords(db, { ...honey, honey: true });
  accounts.push(...(await createDemoPatientAccounts(db, store, group)));
  writeDemoAccounts(options.accountsFile, accounts);
  // The embedded database has no autovacuum: without statistics the planner misjudges
  // every per-patient query once the tables are large.
  await db.run(sql`ANALYZE`);
  await appendAudit(db, [
    {
      action: 'create',
      outcome: 'allowed',
      reason: `synthetic seed ${options.seed}: ${options.patients} patients, ${resources} resources`,
      detail: { seed: options.seed, honeyRecords: honey.patients.length },
    },
  ]);
  return { patients: options.patients, resources, accounts: accounts.length, accountsFile: options.accountsFile, milliseconds: Date.now() - started };
}

/**
 * The patient portal's demo accounts: one patient followed by each of the first demo
 * doctors (care-team members), so that a doctor's reading shows in that patient's portal.
 */
const DEMO_PATIENTS = 3;

async function createDemoPatientAccounts(db: Database, store: Store, group: SeedGroup): Promise<DemoAccount[]> {
  const doctors = demoStaff(group)
    .filter((staff) => staff.role === 'doctor' && staff.practitionerId)
    .map((staff) => staff.practitionerId!);
  const rows = await db.rows<{
    practitioner_id: string;
    patient_id: string;
  }>(sql`SELECT DISTINCT ON (practitioner_id) practitioner_id, patient_id FROM care_link
     WHERE kind = 'care-team' AND practitioner_id = ANY(${doctors}::uuid[]) ORDER BY practitioner_id, patient_id`);
  const patientOf = new Map(rows.map((row) => [row.practitioner_id, row.patient_id]));
  const patients = [...new Set(doctors.flatMap((doctor) => patientOf.get(doctor) ?? []))].slice(0, DEMO_PATIENTS);
  const accounts: DemoAccount[] = [];
  for (const [n, patientId] of patients.entries()) {
    const username = `patient.${n + 1}`;
    const password = randomBytes(12).toString('base64url');
    const { totpSecret } = await createAccount(db, store.keys, { username, role: 'patient', patientId, password });
    accounts.push({ username, password, totpSecret, role: 'patient', establishment: null, patientId });
  }
  return accounts;
}

/** Demo credentials are generated here, at seed time, with crypto randomness: never committed. */
async function createDemoAccounts(db: Database, store: Store, group: SeedGroup): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  const names = new Map(group.establishments.map((e) => [e.organization.id!, e.organization.name ?? null]));
  for (const staff of demoStaff(group)) {
    const password = randomBytes(12).toString('base64url');
    const { id, totpSecret } = await createAccount(db, store.keys, { ...staff, password });
    // The demo's staff have worked here for years: settled accounts, not the guard's newcomers.
    await db.run(sql`UPDATE account SET activated_at = now() - interval '1 year' WHERE id = ${id}`);
    // The seed activates its demo accounts itself; a privileged one's owner still enrols the first passkey with a code.
    const activation = PRIVILEGED_ROLES.includes(staff.role) ? await issueActivationCode(db, id, undefined, true) : undefined;
    accounts.push({
      username: staff.username,
      password,
      totpSecret,
      role: staff.role,
      establishment: staff.establishmentId ? (names.get(staff.establishmentId) ?? null) : null,
      ...(activation ? { activationCode: activation.code } : {}),
    });
  }
  return accounts;
}
