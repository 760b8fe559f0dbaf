import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateGroup } from '../seed/group.ts';
import { generatePatientRecord } from '../seed/patient.ts';
import { departmentOf, minimised } from './minimise.ts';
import { ExportMarks } from './fingerprint/marks.ts';

const group = generateGroup(7);
const newMarks = () => new ExportMarks(randomBytes(32), randomBytes(32));
const records = Array.from({ length: 40 }, (_, index) => generatePatientRecord(group, 7, index));

/** What identifies a patient in its record: names, identifiers, contact, address lines, birth date. */
function identifying(patient: fhir4.Patient): string[] {
  return [
    ...(patient.name ?? []).flatMap((name) => [name.family ?? '', ...(name.given ?? [])]),
    ...(patient.identifier ?? []).map((id) => id.value ?? ''),
    ...(patient.telecom ?? []).map((telecom) => telecom.value ?? ''),
    ...(patient.address ?? []).flatMap((address) => [...(address.line ?? []), address.postalCode ?? '']),
    patient.birthDate ?? '',
    patient.id ?? '',
  ].filter((value) => value.length >= 4);
}

describe('minimised export resources', () => {
  it('hold no name, identifier, contact, address line, birth date or id of the patient, in any resource', () => {
    const marks = newMarks();
    for (const record of records) {
      const out = [record.patient, ...record.resources.map((r) => r.resource)].map((resource) =>
        JSON.stringify(minimised(resource, (id) => marks.pseudonym(id))),
      );
      for (const value of identifying(record.patient)) for (const text of out) expect(text.includes(value), value).toBe(false);
      for (const { resource } of record.resources) if (resource.id) expect(out.join('\n')).not.toContain(resource.id);
      // The city too, in the patient itself (an establishment's public name may hold it).
      for (const address of record.patient.address ?? []) if (address.city) expect(out[0]).not.toContain(address.city);
    }
  });

  it("keep sex, birth year, department and death, and link every resource to the patient's pseudonym", () => {
    const marks = newMarks();
    const record = records.find((r) => r.patient.address?.[0]?.postalCode && r.resources.length > 3)!;
    const patient = minimised(record.patient, (id) => marks.pseudonym(id)) as fhir4.Patient;
    expect(Object.keys(patient).sort()).toEqual(expect.arrayContaining(['resourceType', 'id', 'gender', 'birthDate']));
    expect(patient.birthDate).toBe(record.patient.birthDate!.slice(0, 4));
    expect(patient.address).toEqual([{ district: departmentOf(record.patient.address![0]!.postalCode), country: 'FR' }]);
    expect(patient.id).toMatch(/^[a-z2-7]{24}$/);
    const references = record.resources.map(({ resource }) => JSON.stringify(minimised(resource, (id) => marks.pseudonym(id))));
    expect(references.every((text) => text.includes(`Patient/${patient.id}`))).toBe(true);
  });

  it('name departments as INSEE does: two digits, three overseas, 2A and 2B in Corsica', () => {
    expect([departmentOf('29200'), departmentOf('97411'), departmentOf('20000'), departmentOf('20250'), departmentOf('7500'), departmentOf(undefined)]).toEqual(
      ['29', '974', '2A', '2B', undefined, undefined],
    );
  });
});
