import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { openBreachCase } from '../src/breach/cases.ts';
import type { DemoAccount } from '../src/cli/demo-accounts.ts';
import { scratchGroup, type ScratchGroup } from '../src/guard/scratch-group.ts';
import { SeededRandom } from '../src/seed/random.ts';
import { signInAs } from './support/sign-in.ts';

/**
 * Breach response from a leaked sample: an attacker with a stolen admissions account
 * pages through its establishment until the guard stops it; part of what it took is
 * published with typos and columns missing; the case names the account and session, and
 * every patient that session was given.
 */
let group: ScratchGroup;
let app: FastifyInstance;
const taken = new Map<string, fhir4.Patient>();
let thief: DemoAccount;

beforeAll(async () => {
  group = await scratchGroup(1500, 21);
  app = await buildApp({ store: group.store });
  thief = group.accounts.find((account) => account.role === 'admissions')!;
  const headers = await signInAs(app, { ...thief, signIns: 0 });
  for (const query of ['_count=100', 'family=mar&_count=100', 'family=ber&_count=100', 'family=dub&_count=100', 'family=lef&_count=100', 'family=ro&_count=100']) {
    for (let url: string | undefined = `/fhir/Patient?${query}`; url; ) {
      const response = await app.inject({ url, headers });
      if (response.statusCode !== 200) break;
      const bundle = response.json() as fhir4.Bundle;
      for (const entry of bundle.entry ?? []) taken.set(entry.resource!.id!, entry.resource as fhir4.Patient);
      const next = bundle.link?.find((link) => link.relation === 'next')?.url;
      url = next ? new URL(next).pathname + new URL(next).search : undefined;
    }
  }
}, 180_000);
afterAll(async () => {
  await app?.close();
  await group?.close();
});

/** What a forum post of the loot looks like: a CSV with some columns gone and a typist's errors. */
function publishedSample(patients: fhir4.Patient[], random: SeededRandom): string {
  const lines = ['nom;prenom;date_naissance;cp;telephone'];
  for (const patient of patients) {
    const name = patient.name![0]!;
    let family = name.family!;
    if (random.chance(0.1)) family = family.slice(0, -1) + (family.endsWith('e') ? 'a' : 'e');
    let [year, month, day] = patient.birthDate!.split('-');
    if (random.chance(0.05)) [month, day] = [day!, month!];
    const phone = random.chance(0.5) ? (patient.telecom?.find((t) => t.system === 'phone')?.value ?? '') : '';
    lines.push([family, name.given![0], `${day}/${month}/${year}`, patient.address?.[0]?.postalCode ?? '', phone].join(';'));
  }
  return lines.join('\n');
}

describe('a breach case', () => {
  it('names the stolen account and session, and lists exactly the patients it was given', async () => {
    const random = new SeededRandom(21, 'breach-sample');
    const loot = [...taken.values()];
    const sample = random.sample(loot, Math.min(200, loot.length));
    const opened = await openBreachCase(group.store, { operator: 'test' }, publishedSample(sample, random));
    const truth = new Set(loot.map((patient) => patient.id!));
    const found = new Set(opened.affected);
    const precision = [...found].filter((id) => truth.has(id)).length / found.size;
    const recall = [...truth].filter((id) => found.has(id)).length / truth.size;
    console.log(`loot ${loot.length} patients, sample ${sample.length} rows, matched ${opened.matches.length}; affected ${found.size}: precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`);
    expect(opened.source?.username).toBe(thief.username);
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.99);
    expect(opened.matches.length).toBeGreaterThanOrEqual(Math.floor(sample.length * 0.95));
    expect(new Date(opened.notifyBy).getTime() - new Date(opened.awareAt).getTime()).toBe(72 * 3_600_000);
    const [entry] = await group.store.db.query<{ reason: string }>("SELECT reason FROM audit_event WHERE action = 'breach-open'");
    expect(entry?.reason).toContain(thief.username);
  });
});
