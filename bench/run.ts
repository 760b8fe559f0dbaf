/**
 * `npm run bench [-- --patients N --seconds S --only pglite|postgres]`
 *
 * At N patients (default 100,000), on the embedded PGlite and on a PostgreSQL server:
 * seed rate, authenticated Patient reads/s and searches/s over HTTP through the gate,
 * and the same reads straight from the database in the same run as the baseline; and the
 * guard's cost on a read, against the same gate with a guard that admits everything.
 * Machines here are noisy: the ratios, measured side by side, are what to compare.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ACCESS_POLICY } from '../src/access/policy.ts';
import { buildApp } from '../src/api/app.ts';
import { Gate } from '../src/gate/gate.ts';
import { Guard } from '../src/guard/guard.ts';
import { authenticate } from '../src/identity/sessions.ts';
import { blindTerm } from '../src/crypto/blind-index.ts';
import { normaliseName } from '../src/domain/normalise.ts';
import { totpCode } from '../src/identity/totp.ts';
import { openStore, type Store } from '../src/runtime/open-store.ts';
import { readDemoAccounts } from '../src/seed/demo-accounts.ts';
import { seedWithProgress } from '../src/cli/seed.ts';
import { measureSideBySide, type Rate } from './measure.ts';
import { allowPlainReads } from './plain-reads.ts';
import { benchPostgres } from './postgres.ts';
import { sql } from '../src/store/sql.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const PATIENTS = Number(values.patients);
const SECONDS = Number(values.seconds);
const SEED = 7;

interface Row {
  database: string;
  measure: string;
  vigie: string;
  baseline: string;
  ratio: string;
}

const rows: Row[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function benchOne(database: 'pglite' | 'postgres', databaseUrl?: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), `vigie-bench-${database}-`));
  const store = await openStore({ dataDir, databaseUrl, env: {} as NodeJS.ProcessEnv });
  try {
    const accountsFile = join(dataDir, 'accounts.json');
    const seeded = await seedWithProgress(store, { patients: PATIENTS, seed: SEED, asOf: today(), accountsFile });
    const rowsWritten = seeded.patients + seeded.resources;
    rows.push({
      database,
      measure: `seed (${fmt(PATIENTS)} patients, ${fmt(rowsWritten)} rows)`,
      vigie: `${fmt(rowsWritten / (seeded.milliseconds / 1000))} rows/s`,
      baseline: '—',
      ratio: '—',
    });
    await measureReads(database, store, accountsFile);
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureReads(database: string, store: Store, accountsFile: string): Promise<void> {
  const app = await buildApp({ store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    // A doctor reads and searches the patients of their care relationships (need to know).
    const doctor = await signIn(base, accountsFile, 'doctor');
    const sample = await patientsOf(base, doctor.headers);
    if (sample.length === 0) throw new Error('the demo doctor has no current patient');
    const ids = sample.map((patient) => patient.id!);
    const families = sample.map((patient) => patient.name![0]!.family!);
    const concurrency = store.db.kind === 'pglite' ? 4 : 8;
    const headers = doctor.headers;
    const indexKey = store.keys.secret('index');
    await allowPlainReads(store.db);

    const reads = await measureSideBySide(
      SECONDS,
      concurrency,
      async (i) => {
        const response = await fetch(`${base}/fhir/Patient/${ids[i % ids.length]}`, { headers });
        if (response.status !== 200) throw new Error(`read: ${response.status}`);
        await response.arrayBuffer();
      },
      async (i) => {
        await store.db.run(sql`SELECT id, body FROM patient WHERE id = ${ids[i % ids.length]}`);
      },
    );
    push(database, 'Patient read', reads.subject, reads.baseline);

    const searches = await measureSideBySide(
      SECONDS,
      concurrency,
      async (i) => {
        const response = await fetch(`${base}/fhir/Patient?family=${encodeURIComponent(families[i % families.length]!)}&_count=10`, { headers });
        if (response.status !== 200) throw new Error(`search: ${response.status}`);
        await response.arrayBuffer();
      },
      async (i) => {
        const term = blindTerm(indexKey, 'family=', normaliseName(families[i % families.length]!));
        await store.db.run(sql`SELECT id, body FROM patient WHERE search @> ${[term]}::bigint[] ORDER BY id LIMIT 10`);
      },
    );
    push(database, 'Patient search by family (10 per page)', searches.subject, searches.baseline);

    // The guard's cost on a read within care relationships (most reads): the same gate, in
    // process, with the guard and with one that admits everything (which exists only here).
    const actor = (await authenticate(store.db, doctor.headers.authorization!.slice('Bearer '.length), {}))!.actor;
    if (!actor) throw new Error('the doctor is not signed in');
    const gateWith = (guard: Guard) => new Gate({ db: store.db, keys: store.keys, policy: DEFAULT_ACCESS_POLICY, guard });
    const guarded = gateWith(new Guard());
    const unguarded = gateWith({ admit: async () => undefined, probed: async () => undefined } as unknown as Guard);
    // Most accounts are settled: past their first 14 days, with usual working days the volume detector compares them with.
    await store.db.run(
      sql`INSERT INTO guard_volume (account_id, day, patients) SELECT ${actor.accountId}, current_date - d, 40 FROM generate_series(1, 14) AS d`,
    );
    const settled = await measureSideBySide(
      SECONDS,
      concurrency,
      async (i) => void (await guarded.readPatient(actor, ids[i % ids.length]!)),
      async (i) => void (await unguarded.readPatient(actor, ids[i % ids.length]!)),
    );
    push(
      database,
      'Patient read in the gate with the guard, a settled account (baseline: the same gate, guard admitting all)',
      settled.subject,
      settled.baseline,
    );
  } finally {
    await app.close();
  }
}

function push(database: string, label: string, vigie: Rate, baseline: Rate): void {
  rows.push({
    database,
    measure: label,
    vigie: `${fmt(vigie.perSecond)}/s`,
    baseline: `${fmt(baseline.perSecond)}/s`,
    ratio: (vigie.perSecond / baseline.perSecond).toFixed(2),
  });
}

async function signIn(base: string, accountsFile: string, role: 'doctor'): Promise<{ headers: Record<string, string> }> {
  const account = readDemoAccounts(accountsFile).find((candidate) => candidate.role === role)!;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, string>>;
  };
  const { ticket } = await post('/api/auth/login', { username: account.username, password: account.password });
  const { token } = await post('/api/auth/totp', { ticket, code: totpCode(account.totpSecret) });
  return { headers: { authorization: `Bearer ${token}` } };
}

/** The patients a doctor may see: their current care relationships. */
async function patientsOf(base: string, headers: Record<string, string>): Promise<fhir4.Patient[]> {
  const response = await fetch(`${base}/fhir/Patient?_count=1000`, { headers });
  const bundle = (await response.json()) as fhir4.Bundle;
  return (bundle.entry ?? []).map((entry) => entry.resource as fhir4.Patient);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

if (values.only !== 'postgres') await benchOne('pglite');
if (values.only !== 'pglite') {
  const server = benchPostgres();
  try {
    await benchOne('postgres', server.url);
  } finally {
    server.stop();
  }
}

const table = [
  '| database | measure | through Vigie (HTTP, auth, gate, decrypt, audit) | baseline (straight from the database) | ratio |',
  '|---|---|---|---|---|',
  ...rows.map((row) => `| ${row.database} | ${row.measure} | ${row.vigie} | ${row.baseline} | ${row.ratio} |`),
].join('\n');
console.log(`\n${table}\n`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(join('bench/results', `bench-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.md`), table + '\n');
