/**
 * `node bin/run-ts.mjs bench/seed-generator.ts [--patients N] [--seed S]`
 *
 * How fast the generator is and what it makes: µs per patient (resources included),
 * resources per patient by type, and the shares that should look French (deaths, born
 * abroad, allergies, INS statuses…). Also times a faker reseed, the alternative to our
 * own generator, to show why patients draw from faker's lists instead.
 */
import { parseArgs } from 'node:util';
import { Faker, base, fr } from '@faker-js/faker';
import { generateGroup } from '../src/seed/group.ts';
import { generatePatientRecord, type PatientRecord } from '../src/seed/patient.ts';

const { values } = parseArgs({ options: { patients: { type: 'string', default: '20000' }, seed: { type: 'string', default: '7' } } });
const PATIENTS = Number(values.patients);
const SEED = Number(values.seed);

const groupStarted = performance.now();
const group = generateGroup(SEED);
const groupMs = performance.now() - groupStarted;

// Warm up the JIT and the lazily built tables before timing.
for (let i = 0; i < 2000; i++) generatePatientRecord(group, SEED, PATIENTS + i);

const counts = new Map<string, number>();
const shares = { deceased: 0, bornAbroad: 0, allergy: 0, pregnant: 0, inProgress: 0, usedName: 0, email: 0, noIns: 0 };
let resources = 0;
const started = performance.now();
for (let index = 0; index < PATIENTS; index++) resources += generatePatientRecord(group, SEED, index).resources.length;
const elapsedMs = performance.now() - started;
// Statistics in a second, untimed pass over (at most) the first 20,000.
const STATISTICS = Math.min(PATIENTS, 20_000);
for (let index = 0; index < STATISTICS; index++) tally(generatePatientRecord(group, SEED, index));

const fakerInstance = new Faker({ locale: [fr, base] });
const reseeds = 20_000;
const reseedStarted = performance.now();
for (let i = 0; i < reseeds; i++) fakerInstance.seed([SEED, i]);
const reseedUs = ((performance.now() - reseedStarted) * 1000) / reseeds;

const percent = (n: number) => `${((100 * n) / STATISTICS).toFixed(1)} %`;
console.log(
  `group: ${group.establishments.length} establishments, ${group.practitioners.length} practitioners, generated in ${groupMs.toFixed(0)} ms (communes loaded)`,
);
console.log(
  `${PATIENTS} patients in ${(elapsedMs / 1000).toFixed(2)} s: ${((elapsedMs * 1000) / PATIENTS).toFixed(1)} µs per patient, ${(resources / PATIENTS).toFixed(1)} resources per patient`,
);
console.log(`by type per patient: ${[...counts].map(([type, n]) => `${type} ${(n / STATISTICS).toFixed(2)}`).join(', ')}`);
console.log(
  `deceased ${percent(shares.deceased)}, born abroad ${percent(shares.bornAbroad)}, allergy ${percent(shares.allergy)}, pregnant ${percent(shares.pregnant)}, ` +
    `stay in progress ${percent(shares.inProgress)}, used name ${percent(shares.usedName)}, e-mail ${percent(shares.email)}, no INS (PROV/VALI) ${percent(shares.noIns)}`,
);
console.log(`for comparison, one faker.seed(): ${reseedUs.toFixed(1)} µs`);

function tally(record: PatientRecord): void {
  const { patient } = record;
  if (patient.deceasedDateTime) shares.deceased++;
  if (patient.extension?.[0]?.valueAddress?.country !== 'FRA') shares.bornAbroad++;
  if (patient.name?.some((name) => name.use === 'usual')) shares.usedName++;
  if (patient.telecom?.some((telecom) => telecom.system === 'email')) shares.email++;
  if (!patient.identifier?.some((identifier) => identifier.use === 'official')) shares.noIns++;
  let allergy = false;
  let pregnant = false;
  let inProgress = false;
  for (const { resource } of record.resources) {
    counts.set(resource.resourceType, (counts.get(resource.resourceType) ?? 0) + 1);
    if (resource.resourceType === 'AllergyIntolerance') allergy = true;
    if (resource.resourceType === 'Observation' && resource.valueCodeableConcept?.coding?.[0]?.code === '77386006') pregnant = true;
    if (resource.resourceType === 'Encounter' && resource.status === 'in-progress') inProgress = true;
  }
  if (allergy) shares.allergy++;
  if (pregnant) shares.pregnant++;
  if (inProgress) shares.inProgress++;
}
