import { beforeAll, describe, expect, it } from 'vitest';
import { checkNir } from '../domain/nir.ts';
import { BIRTH_PLACE_EXT, DEATH_DECLARATION_EXT, INS_NIR_SYSTEM, IPP_SYSTEM_PREFIX } from '../domain/systems.ts';
import { validateResource } from '../domain/validate/index.ts';
import { generateGroup, type SeedGroup } from './group.ts';
import { generatePatientRecord, type PatientRecord } from './patient.ts';
import { places } from './places.ts';
import { BIRTH_COUNTRIES } from './tables/people.ts';

const SEED = 11;
const PATIENTS = 2000;

let group: SeedGroup;
let records: PatientRecord[];

beforeAll(() => {
  group = generateGroup(SEED);
  // Timing: warm up (JIT, lazily built tables), then time patients that are not kept, as
  // the seed writer keeps only a batch at a time (holding thousands would time the GC).
  for (let index = 0; index < 3000; index++) generatePatientRecord(group, SEED + 1, index);
  const timed = 5000;
  let resources = 0;
  const started = performance.now();
  for (let index = 0; index < timed; index++) resources += generatePatientRecord(group, SEED + 2, index).resources.length;
  const elapsed = performance.now() - started;
  // Slower here than in `node bin/run-ts.mjs bench/seed-generator.ts` (vitest's module runner, other test files in parallel).
  console.log(
    `seed generator under vitest: ${((elapsed * 1000) / timed).toFixed(1)} µs per patient, ${(resources / timed).toFixed(1)} resources per patient (${timed} patients)`,
  );
  records = Array.from({ length: PATIENTS }, (_, index) => generatePatientRecord(group, SEED, index));
});

const idOf = (reference: string | undefined, type: string) => (reference?.startsWith(`${type}/`) ? reference.slice(type.length + 1) : undefined);

describe('generatePatientRecord', () => {
  it('is deterministic: same (seed, index) gives a deep-equal record, in any order and from a fresh group', () => {
    const again = generateGroup(SEED);
    for (const index of [1999, 0, 731, 5]) expect(generatePatientRecord(again, SEED, index)).toEqual(records[index]);
    expect(generatePatientRecord(group, SEED, 1_000_000).patient.id).toBe(generatePatientRecord(again, SEED, 1_000_000).patient.id);
  });

  it('gives another patient for another index or another seed', () => {
    expect(records[0]!.patient.id).not.toBe(records[1]!.patient.id);
    expect(records[0]!.patient.identifier).not.toEqual(records[1]!.patient.identifier);
    expect(generatePatientRecord(group, SEED + 1, 0).patient.id).not.toBe(records[0]!.patient.id);
    expect(() => generatePatientRecord(group, SEED, -1)).toThrow(RangeError);
  });

  it('gives every patient and resource a unique UUID, and each establishment unique IPPs', () => {
    const ids = new Set<string>([
      group.organization.id,
      ...group.establishments.flatMap((e) => [e.id, ...e.units.map((u) => u.id)]),
      ...group.practitioners.map((p) => p.id),
    ]);
    let count = ids.size;
    const ipps = new Set<string>();
    let ippCount = 0;
    let previous = '';
    for (const record of records) {
      // Version 7: each patient's ids sort after those of the patients before (a bulk load appends to its indexes).
      const own = [record.patient.id!, ...record.resources.map(({ resource }) => resource.id!)];
      for (const id of own) {
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(id > previous).toBe(true);
        ids.add(id);
        count++;
      }
      previous = own.reduce((last, id) => (id > last ? id : last));
      for (const identifier of record.patient.identifier ?? []) {
        if (!identifier.system?.startsWith(IPP_SYSTEM_PREFIX)) continue;
        expect(identifier.value).toMatch(/^\d{10}$/);
        ipps.add(`${identifier.system}|${identifier.value}`);
        ippCount++;
      }
    }
    expect(ids.size).toBe(count);
    expect(ipps.size).toBe(ippCount);
  });

  it('writes valid NIRs that agree with sex, birth year and month, and birth place', () => {
    const countryOf = new Map(BIRTH_COUNTRIES.map((country) => [country.iso3, country.insee]));
    for (const { patient, resources } of records) {
      const amo = resources.find(({ resource }) => resource.resourceType === 'Coverage' && resource.type?.coding?.[0]?.code === 'AMO')!
        .resource as fhir4.Coverage;
      const nir = amo.subscriberId!;
      const ins = patient.identifier?.find((identifier) => identifier.system === INS_NIR_SYSTEM);
      if (ins) expect(ins.value).toBe(nir);
      const check = checkNir(nir);
      expect(check.ok, nir).toBe(true);
      if (!check.ok) continue;
      expect(check.parts.sex).toBe(patient.gender === 'male' ? 1 : 2);
      expect(check.parts.year).toBe(patient.birthDate!.slice(2, 4));
      expect(check.parts.month).toBe(patient.birthDate!.slice(5, 7));
      const birthPlace = patient.extension!.find((extension) => extension.url === BIRTH_PLACE_EXT)!.valueAddress!;
      const place = check.parts.department + check.parts.commune;
      if (birthPlace.country === 'FRA') expect(place).toBe(birthPlace.extension![0]!.valueCoding!.code);
      else expect(place).toBe(countryOf.get(birthPlace.country!));
    }
  });

  it('puts each home address in a real commune with one of its postal codes', () => {
    const communesOfPostalCode = new Map<string, Set<string>>();
    for (const commune of places().communes) {
      for (const code of commune.postalCodes) communesOfPostalCode.set(code, (communesOfPostalCode.get(code) ?? new Set()).add(commune.name));
    }
    for (const { patient } of records) {
      const address = patient.address![0]!;
      expect(communesOfPostalCode.get(address.postalCode!), `${address.postalCode} ${address.city}`).toContain(address.city);
    }
  });

  it('passes validateResource with no issue, every patient and every resource', () => {
    const now = new Date(group.now);
    const problems: string[] = [];
    for (const record of records) {
      for (const resource of [record.patient, ...record.resources.map((entry) => entry.resource)]) {
        for (const issue of validateResource(resource, { now }))
          problems.push(`${resource.resourceType}: ${issue.expression.join(', ')}: ${issue.diagnostics}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('refers only to the group’s units, practitioners and laboratory, and to resources of the same chart', () => {
    const units = new Map(group.establishments.flatMap((establishment) => establishment.units.map((unit) => [unit.id, unit])));
    for (const { patient, resources, establishmentId } of records) {
      expect(idOf(patient.managingOrganization?.reference, 'Organization')).toBe(establishmentId);
      const gp = idOf(patient.generalPractitioner?.[0]?.reference, 'Practitioner');
      if (gp) expect(group.practitionerById.get(gp)?.kind).toBe('gp');
      const own = new Map(resources.map(({ resource }) => [`${resource.resourceType}/${resource.id}`, resource]));
      for (const { resource, establishmentId: where } of resources) {
        expect(group.establishmentById.has(where)).toBe(true);
        const subject =
          resource.resourceType === 'AllergyIntolerance' ? resource.patient : resource.resourceType === 'Coverage' ? resource.beneficiary : resource.subject;
        expect(subject?.reference).toBe(`Patient/${patient.id}`);
        if (resource.resourceType === 'Encounter') {
          const unit = units.get(idOf(resource.serviceProvider?.reference, 'Organization')!)!;
          expect(unit.establishmentId).toBe(where);
          const attending = idOf(resource.participant?.[0]?.individual?.reference, 'Practitioner')!;
          expect(unit.staff.map((practitioner) => practitioner.id)).toContain(attending);
        }
        if (resource.resourceType === 'ServiceRequest') {
          expect(idOf(resource.performer?.[0]?.reference, 'Organization')).toBe(group.laboratory.id);
          expect(group.practitionerById.has(idOf(resource.requester?.reference, 'Practitioner')!)).toBe(true);
        }
        for (const reference of [
          'encounter' in resource ? resource.encounter?.reference : undefined,
          ...(resource.resourceType === 'Observation' ? (resource.basedOn ?? []).map((based) => based.reference) : []),
        ]) {
          if (reference) expect(own.has(reference), reference).toBe(true);
        }
      }
    }
  });

  it('keeps time in order: nothing after the reference date, nothing after death, stays in progress only for the living', () => {
    for (const { patient, resources } of records) {
      const birth = Date.parse(patient.birthDate!);
      const death = patient.deceasedDateTime ? Date.parse(patient.deceasedDateTime) : undefined;
      if (death) {
        expect(death).toBeGreaterThan(birth);
        expect(patient.extension?.some((extension) => extension.url === DEATH_DECLARATION_EXT)).toBe(true);
      }
      const limit = death ?? group.now;
      for (const { resource } of resources) {
        if (resource.resourceType !== 'Encounter') continue;
        expect(Date.parse(resource.period!.start!)).toBeLessThanOrEqual(limit);
        if (resource.period?.end) expect(Date.parse(resource.period.end)).toBeLessThanOrEqual(limit);
        if (resource.status === 'in-progress') expect(death).toBeUndefined();
      }
      expect(Date.parse(patient.meta!.lastUpdated!)).toBeLessThanOrEqual(group.now);
    }
  });

  it('looks like a French clinic group’s patients: about 12–20 resources each, 1–2 % deceased, 5 % born abroad, a quarter with allergies', () => {
    const share = (predicate: (record: PatientRecord) => boolean) => records.filter(predicate).length / PATIENTS;
    const resources = records.reduce((sum, record) => sum + record.resources.length, 0) / PATIENTS;
    expect(resources).toBeGreaterThanOrEqual(12);
    expect(resources).toBeLessThanOrEqual(20);
    expect(share((r) => r.patient.deceasedDateTime !== undefined)).toBeGreaterThan(0.005);
    expect(share((r) => r.patient.deceasedDateTime !== undefined)).toBeLessThan(0.03);
    expect(share((r) => r.patient.extension![0]!.valueAddress!.country !== 'FRA')).toBeGreaterThan(0.03);
    expect(share((r) => r.patient.extension![0]!.valueAddress!.country !== 'FRA')).toBeLessThan(0.08);
    expect(share((r) => r.resources.some(({ resource }) => resource.resourceType === 'AllergyIntolerance'))).toBeGreaterThan(0.18);
    expect(share((r) => r.resources.some(({ resource }) => resource.resourceType === 'AllergyIntolerance'))).toBeLessThan(0.32);
    expect(share((r) => r.resources.some(({ resource }) => resource.resourceType === 'Encounter' && resource.status === 'in-progress'))).toBeGreaterThan(0);
    expect(share((r) => r.patient.gender === 'female')).toBeGreaterThan(0.45);
    expect(share((r) => r.patient.gender === 'female')).toBeLessThan(0.58);
    const notes = records.flatMap((r) => r.resources.filter(({ resource }) => resource.resourceType === 'DocumentReference'));
    const texts = notes.map(({ resource }) => Buffer.from((resource as fhir4.DocumentReference).content[0]!.attachment.data!, 'base64').toString('utf8'));
    expect(texts.some((text) => text.includes('Intolérance tramadol et acupan : vomissements'))).toBe(true);
  });
});
