import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { openBreachCase, type BreachCase } from '../src/breach/cases.ts';
import { SimulatedClock } from '../src/guard/clock.ts';
import { replayScenario, type ReplayResult } from '../src/drills/replay/run.ts';
import { parseScenario } from '../src/drills/replay/scenario.ts';
import { scratchGroup, type ScratchGroup } from '../src/drills/scratch-group.ts';
import { SeededRandom } from '../src/seed/random.ts';
import type { FastifyInstance } from 'fastify';
import { sql } from '../src/store/sql.ts';

/**
 * Breach response from a leaked sample (issue acceptance): a replayed attack — a stolen
 * doctor's account dumps the charts of its own patients, then tries a leaked list until
 * the guard stops it — and 200 rows of what it took, published with typos and columns
 * missing. The case names the account and the session, and lists exactly the patients
 * that session was given.
 */
let group: ScratchGroup;
let app: FastifyInstance;
let attack: ReplayResult;
let opened: BreachCase;
const SAMPLE_ROWS = 200;

beforeAll(async () => {
  group = await scratchGroup(1500, 21);
  const clock = new SimulatedClock();
  app = await buildApp({ store: group.store, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const scenario = parseScenario(readFileSync(join(import.meta.dirname, '..', 'scenarios', 't2-own-charts.json'), 'utf8'), 't2-own-charts.json');
  const honeyIds = (await group.store.db.rows<{ patient_id: string }>(sql`SELECT patient_id FROM honey_record`)).map((row) => row.patient_id);
  const leaked = new SeededRandom(21, 'leaked').sample(group.identities, group.identities.length);
  attack = await replayScenario(scenario, 0, {
    base,
    clock,
    store: group.store,
    accounts: group.accounts,
    honeyIds,
    leaked,
    signIns: new Map(),
    keepOutput: true,
  });
  opened = await openBreachCase(group.store, { operator: 'test' }, publishedSample(attack.output!, new SeededRandom(21, 'published')));
}, 240_000);
afterAll(async () => {
  await app?.close();
  await group?.close();
});

/**
 * A forum post of the loot: one line per resource taken, the patient's identity on each
 * (as dumps are joined), 200 lines picked at random, the NIR and e-mail columns gone, a
 * letter of the family name wrong in one line in ten, day and month swapped in one in
 * twenty, the phone kept in half.
 */
/** The patients the attacker received: Patients themselves, and those other resources are about. */
function patientsIn(output: ReadonlyArray<Record<string, unknown>>): Set<string> {
  const ids = new Set<string>();
  for (const resource of output) {
    if (resource.resourceType === 'Patient') ids.add(resource.id as string);
    const subject = subjectOf(resource);
    if (subject) ids.add(subject);
  }
  return ids;
}

const subjectOf = (r: Record<string, unknown>) =>
  ((r.subject ?? r.patient ?? r.beneficiary) as { reference?: string } | undefined)?.reference?.replace('Patient/', '');

function publishedSample(output: ReadonlyArray<Record<string, unknown>>, random: SeededRandom): string {
  const patients = new Map(output.filter((r) => r.resourceType === 'Patient').map((r) => [r.id as string, r as unknown as fhir4.Patient]));
  const lines = output
    .filter((r) => r.resourceType !== 'Bundle')
    .flatMap((resource) => {
      const patient = patients.get(resource.resourceType === 'Patient' ? (resource.id as string) : (subjectOf(resource) ?? ''));
      return patient ? [{ patient, what: resource.resourceType as string }] : [];
    });
  const rows = ['nom;prenom;date_naissance;cp;telephone;donnee'];
  for (const { patient, what } of random.sample(lines, Math.min(SAMPLE_ROWS, lines.length))) {
    const name = patient.name![0]!;
    let family = name.family!;
    if (random.chance(0.1)) family = family.slice(0, -1) + (family.endsWith('e') ? 'a' : 'e');
    const [year, birthMonth, birthDay] = patient.birthDate!.split('-');
    const [month, day] = random.chance(0.05) ? [birthDay, birthMonth] : [birthMonth, birthDay];
    const phone = random.chance(0.5) ? (patient.telecom?.find((t) => t.system === 'phone')?.value ?? '') : '';
    rows.push([family, name.given![0], `${day}/${month}/${year}`, patient.address?.[0]?.postalCode ?? '', phone, what].join(';'));
  }
  return rows.join('\n');
}

describe('a breach case from 200 rows of a replayed attack', () => {
  it('names the stolen account and its session, and lists exactly the patients that session was given', async () => {
    const thief = attack.account.split(' ')[0]!;
    // The truth is what the attacker holds — what its HTTP answers carried — not what the ledger, which the case reads, says.
    const truth = patientsIn(attack.output!);
    const ledger = await group.store.db.rows<{ patient_id: string }>(
      sql`SELECT DISTINCT e.patient_id FROM audit_event e JOIN account a ON a.id = e.actor_id
       WHERE a.username = ${thief} AND e.outcome = 'allowed' AND e.patient_id IS NOT NULL AND e.action IN ('read', 'search', 'everything')`,
    );
    // And the ledger says exactly that: every patient that left, none that did not.
    expect(new Set(ledger.map((row) => row.patient_id))).toEqual(truth);
    const found = new Set(opened.affected);
    const precision = [...found].filter((id) => truth.has(id)).length / found.size;
    const recall = [...truth].filter((id) => found.has(id)).length / truth.size;
    console.log(
      `attack: ${truth.size} patients given to ${thief} (${attack.inside} within its relationships, ${attack.outside} outside, stopped by ${attack.stoppedBy}); ` +
        `sample ${opened.sampleRows} rows, ${opened.matches.length} matched; case: ${found.size} patients, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`,
    );
    expect(opened.sampleRows).toBe(SAMPLE_ROWS);
    expect(opened.source?.username).toBe(thief);
    expect(opened.source?.sessionId).toBeTruthy();
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.99);
    expect(opened.matches.length).toBeGreaterThanOrEqual(SAMPLE_ROWS * 0.97);
  });

  it('keeps what left of each patient, the 72-hour clock, and its own trace in the ledger', async () => {
    expect(new Date(opened.notifyBy).getTime() - new Date(opened.awareAt).getTime()).toBe(72 * 3_600_000);
    const rows = await group.store.db.rows<{ categories: string[]; in_sample: boolean }>(
      sql`SELECT categories, in_sample FROM breach_patient WHERE case_id = ${opened.id}`,
    );
    expect(rows).toHaveLength(opened.affected.length);
    // The doctor dumped whole charts of its own patients: their history left too, not only their identity.
    expect(rows.some((row) => row.categories.includes('history') && row.categories.includes('identity'))).toBe(true);
    expect(rows.every((row) => row.categories.includes('identity'))).toBe(true);
    const entry = await group.store.db.one<{ reason: string }>(sql`SELECT reason FROM audit_event WHERE action = 'breach-open'`);
    expect(entry?.reason).toContain(attack.account.split(' ')[0]!);
    const matched = await group.store.db.rows(sql`SELECT 1 FROM audit_event WHERE action = 'breach-match'`);
    expect(matched).toHaveLength(opened.matches.length);
  });
});
