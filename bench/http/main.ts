/**
 * `npm run bench:http [-- --patients N --seconds S --rounds R --doctors D --connections 1,8,32 --scenarios read,search,everything --pglite --data DIR]`
 *
 * `vigie serve` over HTTP against a baseline server (bench/http/baseline.ts: Fastify, a
 * static token, one indexed SELECT) on the same database, loaded by autocannon: doctors
 * signed in with their second factor, each reading patients of their own care
 * relationships — a Patient read, a family search, `$everything` — at 1, 8 and 32
 * connections. Rounds alternate between the two servers, which goes first swapped every
 * round, so that the machine's drift weighs on both: the ratios are what to compare.
 * Besides req/s and latencies, the CPU each request cost the server and the database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startHarness, type Doctor, type Harness } from './harness.ts';
import { round, type Round, type Target } from './load.ts';
import { Teardown } from './processes.ts';
import { failures, markdownTable, type Cell } from './report.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    doctors: { type: 'string', default: '12' },
    'per-doctor': { type: 'string', default: '20' },
    connections: { type: 'string', default: '1,8,32' },
    scenarios: { type: 'string', default: 'read,search,everything' },
    pglite: { type: 'boolean', default: false },
    data: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = values.connections.split(',').map(Number);

/** Each scenario's path for a doctor's patient. */
const SCENARIOS: Array<{ key: string; name: string; path: (patient: Doctor['patients'][number]) => string }> = [
  { key: 'read', name: 'Patient read', path: (patient) => `/fhir/Patient/${patient.id}` },
  { key: 'search', name: 'family search (10 per page)', path: (patient) => `/fhir/Patient?family=${encodeURIComponent(patient.family)}&_count=10` },
  { key: 'everything', name: '`$everything` (first page, 200)', path: (patient) => `/fhir/Patient/${patient.id}/$everything` },
];

/** Every doctor's first patient, then every doctor's second, …: consecutive requests come from different doctors. */
function targetsOf(doctors: readonly Doctor[], path: (patient: Doctor['patients'][number]) => string): Target[] {
  const targets: Target[] = [];
  const most = Math.max(...doctors.map((doctor) => doctor.patients.length));
  for (let i = 0; i < most; i++)
    for (const doctor of doctors) if (doctor.patients[i]) targets.push({ path: path(doctor.patients[i]!), headers: doctor.headers });
  return targets;
}

async function measure(harness: Harness): Promise<Cell[]> {
  const cells: Cell[] = [];
  let turn = 0;
  const asked = values.scenarios.split(',');
  for (const scenario of SCENARIOS.filter(({ key }) => asked.includes(key))) {
    const vigieTargets = targetsOf(harness.doctors, scenario.path);
    const baselineTargets = vigieTargets.map((target) => ({ path: target.path, headers: harness.baselineHeaders }));
    const run = (server: 'vigie' | 'baseline', connections: number, seconds: number): Promise<Round> =>
      round(harness[server], server === 'vigie' ? vigieTargets : baselineTargets, connections, seconds, harness.databaseCpu);
    // Warm both servers (JIT, caches, the pools' connections) before anything counts.
    await run('vigie', 8, 1);
    await run('baseline', 8, 1);
    for (const connections of CONNECTIONS) {
      const cell: Cell = { scenario: scenario.name, connections, vigie: [], baseline: [] };
      for (let r = 0; r < ROUNDS; r++) {
        const order = turn++ % 2 === 0 ? (['vigie', 'baseline'] as const) : (['baseline', 'vigie'] as const);
        for (const server of order) {
          const result = await run(server, connections, SECONDS);
          cell[server].push(result);
          const failed = failures(result);
          console.log(
            `${scenario.name}, c = ${connections}, round ${r + 1}, ${server}: ${Math.round(result.requests / result.seconds)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, non-2xx ${failed}`,
          );
          // A doctor reading their own patients is never refused: anything else is a finding, not noise.
          if (server === 'vigie' && failed !== '0') console.error(`!!! Vigie refused or failed requests of doctors reading their own patients: ${failed}`);
        }
      }
      cells.push(cell);
    }
  }
  return cells;
}

const teardown = new Teardown();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void teardown.run().then(() => process.exit(130)));
}
try {
  const harness = await startHarness(
    {
      pglite: values.pglite,
      patients: Number(values.patients),
      dataDir: values.data,
      doctors: Number(values.doctors),
      patientsPerDoctor: Number(values['per-doctor']),
    },
    teardown,
  );
  const pairs = harness.doctors.reduce((total, doctor) => total + doctor.patients.length, 0);
  console.log(
    `${harness.doctors.length} doctors signed in, ${pairs} of their patients: ${harness.doctors.map((d) => `${d.username} (${d.patients.length})`).join(', ')}`,
  );
  const cells = await measure(harness);
  const guard = await harness.stopAndReadGuard();
  const table = markdownTable(harness.database, cells);
  const settings = `${harness.patients.toLocaleString('en-US')} patients, ${harness.doctors.length} doctors reading ${pairs} of their patients, ${SECONDS} s rounds × ${ROUNDS}`;
  const guardLines = guard.length === 0 ? ['The guard raised no alert and contained no account.'] : ['The guard:', ...guard.map((line) => `- ${line}`)];
  const report = [settings, '', table, '', ...guardLines].join('\n');
  console.log(`\n${report}\n`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/http.md', report + '\n');
} finally {
  await teardown.run();
}
