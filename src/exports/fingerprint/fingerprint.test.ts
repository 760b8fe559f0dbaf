import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateGroup } from '../../seed/group.ts';
import { generatePatientRecord } from '../../seed/patient.ts';
import { minimised } from '../minimise.ts';
import { timeAnchor } from './anchors.ts';
import { carriersOf, honeyRowsFor } from './carriers.ts';
import { markedJson, retime } from './encode.ts';
import { HoneyRows, honeyPseudonyms } from './honey-rows.ts';
import { ExportMarks } from './marks.ts';

const group = generateGroup(11);
const records = Array.from({ length: 30 }, (_, index) => generatePatientRecord(group, 11, index));
const resources = records.flatMap((record) => [record.patient, ...record.resources.map((r) => r.resource)]);
const newMarks = () => new ExportMarks(randomBytes(32), randomBytes(32));

describe("an export's pseudonyms", () => {
  it("are one per patient throughout an export, another in every other, and carry their export's tag only", () => {
    const [a, b] = [newMarks(), newMarks()];
    expect(a.pseudonym('same-patient')).toBe(a.pseudonym('same-patient'));
    expect(a.pseudonym('same-patient')).not.toBe(b.pseudonym('same-patient'));
    expect(a.pseudonym('same-patient')).toMatch(/^[a-z2-7]{24}$/);
    const ids = Array.from({ length: 200 }, (_, i) => `patient-${i}`);
    expect(ids.every((id) => a.isPseudonym(a.pseudonym(id)))).toBe(true);
    expect(ids.some((id) => b.isPseudonym(a.pseudonym(id)))).toBe(false);
    expect(a.isPseudonym('not-base32!')).toBe(false);
    expect(a.isPseudonym(a.pseudonym('x').slice(0, 20))).toBe(false);
  });
});

describe('marked NDJSON', () => {
  it('is the same JSON, resourceType first, its members in an order keyed by the export', () => {
    const [a, b] = [newMarks(), newMarks()];
    let reordered = 0;
    for (const resource of resources) {
      const line = markedJson(a, resource);
      expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(resource)));
      expect(line.startsWith(`{"resourceType":"${resource.resourceType}"`)).toBe(true);
      expect(markedJson(a, resource)).toBe(line);
      if (markedJson(b, resource) !== line) reordered++;
    }
    expect(reordered).toBe(resources.length);
  });
});

describe('keyed seconds', () => {
  it('change a time to the second below its minute only; dates and other text stay', () => {
    const marks = newMarks();
    const resource = {
      resourceType: 'Observation',
      effectiveDateTime: '2025-03-04T10:23:00+01:00',
      issued: '2025-03-04T10:23:41.123Z',
      note: [{ text: 'vu à 10:23' }],
      birthDate: '2025-03-04',
    };
    const out = structuredClone(resource);
    retime(marks, out);
    expect(out.effectiveDateTime).toMatch(/^2025-03-04T10:23:\d\d\+01:00$/);
    expect(out.issued).toMatch(/^2025-03-04T10:23:\d\dZ$/);
    expect(timeAnchor(out.effectiveDateTime)!.seconds).toBe(marks.seconds('2025-03-04T10:23+01:00'));
    expect({ ...out, effectiveDateTime: undefined, issued: undefined }).toEqual({ ...resource, effectiveDateTime: undefined, issued: undefined });
    // Over many times the seconds spread over the minute.
    const seconds = new Set(Array.from({ length: 300 }, (_, i) => marks.seconds(`2025-03-04T1${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}+01:00`)));
    expect(seconds.size).toBeGreaterThan(55);
  });
});

describe('honey rows', () => {
  it('are a few per export, at keyed places, shaped like the real patients once minimised, and tagged', () => {
    const marks = newMarks();
    expect([honeyRowsFor(10), honeyRowsFor(10_000), honeyRowsFor(1_000_000)]).toEqual([2, 12, 20]);
    const honey = new HoneyRows(marks, 5, records.length);
    const rows = records.flatMap((record, i) => honey.due(i + 1, record.patient)).concat(honey.rest(records.at(-1)!.patient));
    expect(rows).toHaveLength(5);
    const real = minimised(records[0]!.patient, (id) => marks.pseudonym(id));
    for (const row of rows.map((patient) => minimised(patient, (id) => marks.pseudonym(id)))) {
      expect(Object.keys(row).sort()).toEqual(Object.keys(real).sort());
      expect(marks.isPseudonym(row.id!)).toBe(true);
    }
    expect(rows.map((patient) => minimised(patient, (id) => marks.pseudonym(id)).id)).toEqual(expect.arrayContaining(honeyPseudonyms(marks, 5)));
  });
});

describe('the carriers of an export', () => {
  it('perturb and add rows only where the purpose tolerates it; identified exports have no pseudonyms to tag', () => {
    expect(carriersOf('research', 'pseudonymised', 'csv')).toEqual(['csv-quoting', 'pseudonym-tag', 'seconds', 'honey-rows']);
    expect(carriersOf('billing', 'pseudonymised', 'ndjson')).toEqual(['key-order', 'pseudonym-tag']);
    expect(carriersOf('care-continuity', 'identified', 'ndjson')).toEqual(['key-order']);
    expect(carriersOf('migration', 'identified', 'csv')).toEqual(['csv-quoting']);
  });
});
