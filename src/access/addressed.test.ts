import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actor.ts';
import { mayReadContent } from './addressed.ts';

const doctor = { role: 'doctor', practitionerId: 'p1' } as Actor;
const treating = { allowed: true, reason: 'care relationship: treating doctor', basis: { kind: 'treating-doctor' } };
const stay = { allowed: true, reason: 'care relationship: stay', basis: { kind: 'stay' } };
const order = (performer: string): fhir4.ServiceRequest => ({
  resourceType: 'ServiceRequest',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/x' },
  requester: { reference: 'Practitioner/p9' },
  performer: [{ reference: performer }],
});
const note: fhir4.DocumentReference = { resourceType: 'DocumentReference', status: 'current', content: [], author: [{ reference: 'Practitioner/p9' }] };

describe('what a treating-doctor link alone opens', () => {
  it('the identity, and what names the doctor; not the rest of the chart', () => {
    expect(mayReadContent(doctor, treating, { resourceType: 'Patient' })).toBe(true);
    expect(mayReadContent(doctor, treating, order('Practitioner/p1'))).toBe(true);
    expect(mayReadContent(doctor, treating, order('Practitioner/p10'))).toBe(false);
    expect(mayReadContent(doctor, treating, note)).toBe(false);
  });

  it('any other relationship opens the whole chart', () => {
    expect(mayReadContent(doctor, stay, note)).toBe(true);
  });
});
