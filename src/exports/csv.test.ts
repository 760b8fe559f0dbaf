import { describe, expect, it } from 'vitest';
import { CLINICAL_TYPES } from '../domain/systems.ts';
import { generateGroup } from '../seed/group.ts';
import { generatePatientRecord } from '../seed/patient.ts';
import { csvHeader, csvLine } from './csv.ts';

/** RFC 4180 fields of one line (quoted fields may hold commas, quotes and line breaks). */
function fields(line: string): string[] {
  const out: string[] = [];
  const text = line.replace(/\r\n$/, '');
  for (let i = 0; i <= text.length;) {
    if (text[i] === '"') {
      let value = '';
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i++;
        } else if (text[i] === '"') break;
        else value += text[i];
      }
      out.push(value);
      i += 2;
    } else {
      const end = text.indexOf(',', i);
      out.push(text.slice(i, end < 0 ? text.length : end));
      i = end < 0 ? text.length + 1 : end + 1;
    }
  }
  return out;
}

describe('CSV export lines', () => {
  it('have as many fields as their header, for every resource type of generated records', () => {
    const group = generateGroup(3);
    const types = new Set<string>();
    for (let index = 0; index < 30; index++) {
      const record = generatePatientRecord(group, 3, index);
      for (const resource of [record.patient, ...record.resources.map((r) => r.resource)]) {
        types.add(resource.resourceType);
        expect(fields(csvLine(resource)).length, resource.resourceType).toBe(fields(csvHeader(resource.resourceType)).length);
      }
    }
    expect([...types].filter((type) => type !== 'Patient').every((type) => (CLINICAL_TYPES as readonly string[]).includes(type))).toBe(true);
  });

  it('quote commas, quotes and line breaks, and make text a spreadsheet would run into text', () => {
    const condition: fhir4.Condition = {
      resourceType: 'Condition',
      id: 'c1',
      subject: { reference: 'Patient/p1' },
      code: { coding: [{ code: '=HYPERLINK("http://evil")', display: 'Insuffisance "cardiaque", gauche\nsévère' }] },
    };
    const [id, patient, code, label] = fields(csvLine(condition));
    expect([id, patient]).toEqual(['c1', 'p1']);
    expect(code).toBe(`'=HYPERLINK("http://evil")`);
    expect(label).toBe('Insuffisance "cardiaque", gauche\nsévère');
    const observation: fhir4.Observation = {
      resourceType: 'Observation',
      id: 'o1',
      status: 'final',
      code: { text: '-x' },
      valueQuantity: { value: -4.5, unit: 'mmol/L' },
      subject: { reference: 'Patient/p1' },
    };
    expect(fields(csvLine(observation)).slice(3, 6)).toEqual(["'-x", '-4.5', 'mmol/L']);
  });
});
