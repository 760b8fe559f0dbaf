import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printSummary, seedWithProgress } from '../../src/cli/seed.ts';
import { openStore } from '../../src/runtime/open-store.ts';
import { readDemoAccounts } from '../../src/seed/demo-accounts.ts';
import { isSeeded } from '../../src/seed/writer.ts';
import { sql } from '../../src/store/sql.ts';
import { benchPostgres } from '../postgres.ts';
import { settle } from '../settled-accounts.ts';
import { patientsOf, signIn } from '../staff-client.ts';
import { openPglite } from '../../src/store/pglite-driver.ts';
import { openPostgres } from '../../src/store/pg-driver.ts';
import { familyCpu, postmasterOf } from './cpu.ts';
import { startServer, type Server, type Teardown } from './processes.ts';

export interface HarnessOptions {
  pglite: boolean;
  patients: number;
  /**
   * A data folder already seeded as of today (`vigie seed --as-of TODAY --data DIR
   * --accounts-out DIR/demo-accounts.json`, into BENCH_DATABASE_URL on PostgreSQL): measured
   * as it is, and kept. A million patients take a quarter of an hour to seed.
   */
  dataDir?: string | undefined;
  doctors: number;
  patientsPerDoctor: number;
}

/** A doctor signed in to Vigie, and patients of their current care relationships. */
export interface Doctor {
  username: string;
  headers: Record<string, string>;
  patients: Array<{ id: string; family: string }>;
}

export interface Harness {
  database: 'postgres' | 'pglite';
  /** Patients in the database measured. */
  patients: number;
  vigie: Server;
  baseline: Server;
  baselineHeaders: Record<string, string>;
  doctors: Doctor[];
  /** CPU seconds so far of the database server's processes, by pid; undefined when the database runs inside each server (PGlite). */
  databaseCpu: (() => Map<number, number>) | undefined;
  /** Stops both servers, then reads as the owner the guard's alerts and the doctors' accounts that are no longer active. */
  stopAndReadGuard(): Promise<string[]>;
}

/** Every request of the run sends it: a session is bound to the user agent it was opened with. */
const USER_AGENT = 'vigie-bench-http';
const SEED = 7;

/**
 * A seeded database (a throwaway PostgreSQL cluster, or the embedded database and a copy
 * of it for the baseline), `vigie serve` and the baseline server on it, and doctors
 * signed in over HTTP with their second factor. Everything started is registered in
 * `teardown`.
 */
export async function startHarness(options: HarnessOptions, teardown: Teardown): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigie-bench-http-'));
  if (!options.dataDir) teardown.add(() => rmSync(dataDir, { recursive: true, force: true }));
  if (options.dataDir && !options.pglite && !process.env.BENCH_DATABASE_URL)
    throw new Error('--data needs BENCH_DATABASE_URL: the PostgreSQL database the folder was seeded into');
  const cluster = options.pglite ? undefined : benchPostgres();
  if (cluster) teardown.add(() => cluster.stop());
  const databaseUrl = cluster?.url;

  const accountsFile = join(dataDir, 'demo-accounts.json');
  const doctorAccounts = await seed(dataDir, databaseUrl, options.patients, accountsFile);
  const { patients, serverData } = await vacuum(dataDir, databaseUrl);
  const baselineData = options.pglite ? copyEmbeddedDatabase(dataDir, teardown) : undefined;

  const database: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  // Compiled, as in production: npm run bench:http builds first.
  const vigie = await startServer('vigie', ['bin/vigie.mjs', 'serve', '--data', dataDir], database, '/health/ready', join(dataDir, 'vigie.log'), teardown);
  // After Vigie's start: the owner's start takes back the plain reads the baseline grants itself.
  const token = randomBytes(24).toString('base64url');
  const baseline = await startServer(
    'baseline',
    ['bin/run-ts.mjs', 'bench/http/baseline-server.ts'],
    { ...database, BASELINE_PGLITE: baselineData ?? '', BASELINE_TOKEN: token, BASELINE_INDEX_KEY: doctorAccounts.indexKey },
    '/health',
    join(dataDir, 'baseline.log'),
    teardown,
  );

  const doctors: Doctor[] = [];
  const accounts = readDemoAccounts(accountsFile).filter((candidate) => doctorAccounts.usernames.includes(candidate.username));
  for (const account of accounts.slice(0, options.doctors)) {
    const headers = await signIn(vigie.base, account, { 'user-agent': USER_AGENT });
    const patients = (await patientsOf(vigie.base, headers, options.patientsPerDoctor)).map((patient) => ({
      id: patient.id!,
      family: patient.name![0]!.family!,
    }));
    if (patients.length > 0) doctors.push({ username: account.username, headers, patients });
  }
  if (doctors.length === 0) throw new Error('no demo doctor has a current patient');

  const postmaster = serverData && existsSync(join(serverData, 'postmaster.pid')) ? postmasterOf(serverData) : undefined;
  return {
    database: options.pglite ? 'pglite' : 'postgres',
    patients,
    vigie,
    baseline,
    baselineHeaders: { 'user-agent': USER_AGENT, authorization: `Bearer ${token}` },
    doctors,
    databaseCpu: postmaster ? () => familyCpu(postmaster) : undefined,
    stopAndReadGuard: async () => {
      await Promise.all([vigie.stop(), baseline.stop()]);
      return guardState(dataDir, databaseUrl, doctors);
    },
  };
}

/** Seeds the group as of today (the demo care teams are current), and settles its demo doctors. */
async function seed(dataDir: string, databaseUrl: string | undefined, patients: number, accountsFile: string) {
  const store = await openStore({ dataDir, databaseUrl, env: {} as NodeJS.ProcessEnv });
  try {
    if (await isSeeded(store.db)) console.log(`Reusing the group seeded in ${dataDir}.`);
    else printSummary(await seedWithProgress(store, { patients, seed: SEED, asOf: new Date().toISOString().slice(0, 10), accountsFile }));
    const rows = await store.db.query<{ id: string; username: string }>(`SELECT id, username FROM account WHERE role = 'doctor' ORDER BY username`);
    await settle(
      store.db,
      rows.map((row) => row.id),
    );
    return {
      usernames: rows.map((row) => row.username),
      indexKey: Buffer.from(store.keys.secret('index')).toString('hex'),
    };
  } finally {
    await store.close();
  }
}

/**
 * The freshly loaded tables vacuumed and analysed before anything is measured, as the
 * owner: otherwise autovacuum works through them during the rounds (minutes at 100,000
 * patients), and whichever server it meets pays for it. Returns the patients (honey
 * records aside), and the PostgreSQL server's data folder (whose processes' CPU the run
 * reads when it is on this machine).
 */
async function vacuum(dataDir: string, databaseUrl: string | undefined): Promise<{ patients: number; serverData?: string }> {
  const db = databaseUrl ? await openPostgres(databaseUrl, 1) : await openPglite(join(dataDir, 'pgdata'));
  try {
    await db.exec('VACUUM (ANALYZE)');
    const patients = await db.count(sql`SELECT count(*) FROM patient p WHERE NOT EXISTS (SELECT 1 FROM honey_record h WHERE h.patient_id = p.id)`);
    if (!databaseUrl) return { patients };
    // Shown to superusers and pg_read_all_settings only: without it, the database's CPU is not read.
    const setting = await db.query<{ data_directory: string }>('SHOW data_directory').catch(() => []);
    return { patients, serverData: setting[0]?.data_directory };
  } finally {
    await db.close();
  }
}

/** The baseline's own copy of the embedded database: PGlite is one process's. */
function copyEmbeddedDatabase(dataDir: string, teardown: Teardown): string {
  const copy = join(dataDir, 'baseline-pgdata');
  // A folder measured again (--data) still holds nothing of an earlier run's copy: copied over, its files would mix.
  rmSync(copy, { recursive: true, force: true });
  cpSync(join(dataDir, 'pgdata'), copy, { recursive: true });
  teardown.add(() => rmSync(copy, { recursive: true, force: true }));
  return copy;
}

async function guardState(dataDir: string, databaseUrl: string | undefined, doctors: readonly Doctor[]): Promise<string[]> {
  const db = databaseUrl ? await openPostgres(databaseUrl, 1) : await openPglite(join(dataDir, 'pgdata'));
  try {
    const alerts = await db.query<{ detector: string; username: string | null; contained: boolean }>(
      `SELECT g.detector, a.username, g.contained FROM guard_alert g LEFT JOIN account a ON a.id = g.account_id ORDER BY g.raised_at`,
    );
    const accounts = await db.query<{ username: string; status: string }>(
      `SELECT username, status FROM account WHERE username = ANY($1) AND status <> 'active'`,
      [doctors.map((doctor) => doctor.username)],
    );
    return [
      ...alerts.map((alert) => `alert ${alert.detector} on ${alert.username ?? 'no account'}${alert.contained ? ' (contained)' : ''}`),
      ...accounts.map((account) => `${account.username} is ${account.status}`),
    ];
  } finally {
    await db.close();
  }
}
