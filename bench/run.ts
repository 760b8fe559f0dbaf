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
import type { Guard } from '../src/guard/guard.ts';
import { assembleGuard } from '../src/api/guard-assembly.ts';
import { authenticate } from '../src/identity/sessions.ts';
import { blindTerm } from '../src/crypto/blind-index.ts';
import { normaliseName } from '../src/domain/normalise.ts';
import { openStore, type Store } from '../src/runtime/open-store.ts';
import { readDemoAccounts } from '../src/seed/demo-accounts.ts';
import { seedWithProgress } from '../src/cli/seed.ts';
import { measureSideBySide, type Rate } from './measure.ts';
import { allowPlainReads, PLAIN_FAMILY_SEARCH, PLAIN_READ } from './plain-reads.ts';
import { benchPostgres } from './postgres.ts';
import { settle } from './settled-accounts.ts';
import { ReadGroups } from '../src/gate/read-groups.ts';
import { patientsOf, signIn } from './staff-client.ts';

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
    const doctor = {
      headers: await signIn(
        base,
        readDemoAccounts(accountsFile).find((account) => account.role === 'doctor')!,
      ),
    };
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
        await store.db.query(PLAIN_READ, [ids[i % ids.length]]);
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
        await store.db.query(PLAIN_FAMILY_SEARCH, [[term]]);
      },
    );
    push(database, 'Patient search by family (10 per page)', searches.subject, searches.baseline);

    // The guard's cost on a read within care relationships (most reads): the same gate, in
    // process, with the guard and with one that admits everything (which exists only here).
    const actor = (await authenticate(store.db, doctor.headers.authorization!.slice('Bearer '.length), {}))!.actor;
    if (!actor) throw new Error('the doctor is not signed in');
    const gateWith = (guard: Guard, groups?: ReadGroups) => new Gate({ db: store.db, keys: store.keys, policy: DEFAULT_ACCESS_POLICY, guard, groups });
    const guarded = gateWith(assembleGuard());
    const unguarded = gateWith({ admit: async () => undefined, probed: async () => undefined, passesQuietly: () => true } as unknown as Guard);
    await settle(store.db, [actor.accountId]);
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

    // Group commit: concurrent reads in one transaction and one append, against each read in a transaction of its own.
    const eachAlone = gateWith(assembleGuard(), new ReadGroups(store.db, { groups: 8, reads: 1 }));
    await eachAlone.readPatient(actor, ids[0]!);
    const grouped = await measureSideBySide(
      SECONDS,
      concurrency,
      async (i) => void (await guarded.readPatient(actor, ids[i % ids.length]!)),
      async (i) => void (await eachAlone.readPatient(actor, ids[i % ids.length]!)),
    );
    push(database, 'Patient read in the gate, reads group-committed (baseline: the same gate, each read committing alone)', grouped.subject, grouped.baseline);
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
