/**
 * `npm run bench:exports [-- --patients N] [--databases pglite,postgres]`: an approved
 * pseudonymised research export of every patient of the group, written as Vigie writes it
 * (pages through the gate, a ledger entry per patient, minimisation, fingerprint marks and
 * honey rows, sealed files), against reading the same rows alone in the same pages, as
 * stored, and — on PostgreSQL — against a plain `COPY` of the same rows by psql, in the
 * same run; rows/s and the process's peak memory above its start.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedWithProgress } from '../src/cli/seed.ts';
import { writeExport } from '../src/exports/writer.ts';
import { openStore, type Store } from '../src/runtime/open-store.ts';
import { allowPlainReads } from './plain-reads.ts';
import { benchPostgres } from './postgres.ts';
import { sql } from '../src/store/sql.ts';

const { values } = parseArgs({ options: { patients: { type: 'string', default: '20000' }, databases: { type: 'string', default: 'pglite,postgres' } } });
const PATIENTS = Number(values.patients);
const DATABASES = values.databases.split(',');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const lines: string[] = [];

/** Runs `work`, sampling the resident memory; its time and peak above the start. */
async function measured(work: () => Promise<number>): Promise<{ rows: number; seconds: number; peak: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const began = performance.now();
  const rows = await work();
  const seconds = (performance.now() - began) / 1000;
  clearInterval(sampler);
  return { rows, seconds, peak: Math.max(peak, process.memoryUsage().rss) - start };
}

/** The same rows as the export's, read alone in the same pages of 500 patients, as stored. */
async function readAlone(store: Store): Promise<number> {
  let rows = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const patients = await store.db.rows<{ id: string; body: Uint8Array }>(sql`SELECT id, body FROM patient WHERE id > ${after} ORDER BY id LIMIT 500`);
    if (patients.length === 0) return rows;
    const ids = patients.map((row) => row.id);
    const clinical = await store.db.rows<{ body: Uint8Array }>(
      sql`SELECT body FROM clinical_resource WHERE patient_id = ANY(${ids}::uuid[]) ORDER BY patient_id, id`,
    );
    rows += patients.length + clinical.length;
    after = ids.at(-1)!;
  }
}

/** A plain COPY of the same rows (patients, then their clinical resources) by psql, its output thrown away. */
function plainCopy(databaseUrl: string): { rows: number; seconds: number } {
  const began = performance.now();
  let rows = 0;
  for (const table of ['patient (id, body)', 'clinical_resource (patient_id, body)']) {
    const out = execFileSync('sh', ['-c', `psql "$0" -X -q -c "COPY ${table} TO STDOUT" | wc -l`, databaseUrl], { encoding: 'utf8', maxBuffer: 1024 });
    rows += Number(out.trim());
  }
  return { rows, seconds: (performance.now() - began) / 1000 };
}

async function benchOne(database: string, databaseUrl?: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), `vigie-bench-exports-${database}-`));
  const store = await openStore({ dataDir, databaseUrl, env: {} as NodeJS.ProcessEnv });
  try {
    await seedWithProgress(store, { patients: PATIENTS, seed: 3, accountsFile: join(dataDir, 'accounts.json') });
    const requester = await store.db.one<{ id: string }>(sql`SELECT id FROM account WHERE role = 'dpo' LIMIT 1`);
    const id = randomUUID();
    // Approved, group-wide: every patient of the group (honey records never leave).
    await store.db
      .run(sql`INSERT INTO export_request (id, requester_id, purpose, justification, ethics_reference, scope, fields, format, patients, needs_approval, status)
       VALUES (${id}, ${requester!.id}, 'research', 'bench', 'bench', '{"kind":"establishment"}', 'pseudonymised', 'ndjson', ${PATIENTS}, true, 'approved')`);
    await allowPlainReads(store.db);
    const baseline = await measured(() => readAlone(store));
    const exported = await measured(async () => {
      await writeExport({ db: store.db, keys: store.keys, dir: join(dataDir, 'exports') }, id, 'a passphrase for the bench run');
      const row = await store.db.one<{ status: string; failure: string | null; rows: number }>(
        sql`SELECT e.status, e.failure, coalesce((SELECT sum(resources) FROM export_file WHERE export_id = e.id), 0)::int AS rows FROM export_request e WHERE e.id = ${id}`,
      );
      if (row!.status !== 'ready') throw new Error(`the export ${row!.status}: ${row!.failure}`);
      return row!.rows;
    });
    const perSecond = (r: { rows: number; seconds: number }) => `${fmt(r.rows / r.seconds)} rows/s`;
    const copy = databaseUrl ? plainCopy(databaseUrl) : undefined;
    lines.push(
      `| ${database} | pseudonymised export of ${fmt(PATIENTS)} patients (${fmt(exported.rows)} rows) | ${perSecond(exported)} in ${fmt(exported.seconds)} s, peak +${mib(exported.peak)} | ${perSecond(baseline)}, peak +${mib(baseline.peak)} | ${(baseline.seconds / exported.seconds).toFixed(2)} | ${copy ? `${perSecond(copy)} (${fmt(copy.rows)} rows) | ${(exported.rows / exported.seconds / (copy.rows / copy.seconds)).toFixed(3)}` : '– | –'} |`,
    );
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (DATABASES.includes('pglite')) await benchOne('pglite');
if (DATABASES.includes('postgres')) {
  const server = benchPostgres();
  try {
    await benchOne('postgres', server.url);
  } finally {
    server.stop();
  }
}
console.log(
  [
    '| database | measure | export (gate, ledger, minimised, marked, sealed) | the same rows read alone | ratio | plain COPY of the same rows | ratio to COPY |',
    '|---|---|---|---|---|---|---|',
    ...lines,
  ].join('\n'),
);
