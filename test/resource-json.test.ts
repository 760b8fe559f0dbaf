import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openResource, openResourceJson, patientData, resourceJsonOf } from '../src/gate/codec.ts';
import type { PatientRow } from '../src/store/patient-rows/patients.ts';
import { CLINIC_ID } from './support/fixture.ts';
import { patientRow } from './support/patient-rows.ts';
import { fixtureApp } from './support/fixture-app.ts';

/**
 * A Patient read answers the decrypted text with `meta` added, never parsed and printed
 * again (src/gate/codec.ts, openResourceJson): it must say exactly what openResource says.
 */
const app = fixtureApp();

const rowOf = (id: string, body: Uint8Array): PatientRow => ({
  id,
  establishment_id: CLINIC_ID,
  version: 3,
  updated_at: new Date('2026-03-04T05:06:07.089Z'),
  body,
});

describe('a resource opened as JSON text', () => {
  it('is the resource openResource gives, meta included, with its version for the headers', () => {
    const id = randomUUID();
    const row = rowOf(id, patientRow(app.store, id, 'D\'Artagnan "Ç" \u2028', 'Anne', '1970-01-01').body);
    const asText = openResourceJson(app.store.keys, 'Patient', row);
    const parsed = openResource<fhir4.Patient>(app.store.keys, 'Patient', row);
    expect(JSON.parse(asText.json)).toEqual(parsed);
    expect(parsed.meta).toEqual({ versionId: '3', lastUpdated: '2026-03-04T05:06:07.089Z' });
    expect(asText).toMatchObject({ versionId: '3', lastUpdated: '2026-03-04T05:06:07.089Z' });
    expect(resourceJsonOf(parsed)).toMatchObject({ versionId: '3', lastUpdated: '2026-03-04T05:06:07.089Z' });
    expect(JSON.parse(resourceJsonOf(parsed).json)).toEqual(parsed);
  });

  it('refuses sealed content that is no resource, and a blob of another row', () => {
    const id = randomUUID();
    const sealText = (text: string) => patientData(app.store.keys).forEstablishment(CLINIC_ID).encrypt(`Patient/${id}`, Buffer.from(text, 'utf8'));
    for (const text of ['[1]', '{}', '"x"', '{"a":1} '])
      expect(() => openResourceJson(app.store.keys, 'Patient', rowOf(id, sealText(text)))).toThrow(/not a sealed resource/);
    const other = randomUUID();
    expect(() => openResourceJson(app.store.keys, 'Patient', rowOf(id, patientRow(app.store, other, 'Autre', 'Paul', '1980-01-01').body))).toThrow(
      /Decryption failed/,
    );
  });
});
