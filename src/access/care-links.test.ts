import { describe, expect, it } from 'vitest';
import { careLinksOf, RELATIONSHIP_DAYS } from './care-links.ts';

const NOW = '2026-12-04T10:00:00.000Z';
const DAY = 86_400_000;
const PATIENT = '00000000-0000-4000-8000-0000000000a1';
const UNIT = '00000000-0000-4000-8000-0000000000a2';
const DOCTOR = '00000000-0000-4000-8000-0000000000a3';
const ESTABLISHMENT = '00000000-0000-4000-8000-0000000000a4';
const daysAfterNow = (iso: string | undefined) => (Date.parse(iso!) - Date.parse(NOW)) / DAY;

const stay = (period: fhir4.Period): fhir4.Encounter & { id: string } => ({
  resourceType: 'Encounter',
  id: '00000000-0000-4000-8000-0000000000b1',
  status: 'in-progress',
  class: { code: 'IMP' },
  subject: { reference: `Patient/${PATIENT}` },
  serviceProvider: { reference: `Organization/${UNIT}` },
  participant: [{ individual: { reference: `Practitioner/${DOCTOR}` } }],
  period,
});

/** Every relationship ends (DESIGN invariant 9): at its stated end, at the latest RELATIONSHIP_DAYS after it was last written. */
describe('care links have an end', () => {
  it('an open stay counts RELATIONSHIP_DAYS from its writing, however long ago it began (a nursing-home resident)', () => {
    const [link] = careLinksOf(stay({ start: '2021-03-01T09:00:00+01:00' }), ESTABLISHMENT, NOW);
    expect(link).toMatchObject({ kind: 'stay', unitId: UNIT, practitionerId: DOCTOR, startsAt: '2021-03-01T09:00:00+01:00' });
    expect(daysAfterNow(link!.endsAt)).toBe(RELATIONSHIP_DAYS);
  });

  it('a stay said to last ten years counts RELATIONSHIP_DAYS; one that ended keeps its end', () => {
    expect(daysAfterNow(careLinksOf(stay({ start: NOW, end: '2036-12-04T10:00:00Z' }), ESTABLISHMENT, NOW)[0]!.endsAt)).toBe(RELATIONSHIP_DAYS);
    expect(careLinksOf(stay({ start: '2026-11-01T10:00:00Z', end: '2026-11-20T10:00:00Z' }), ESTABLISHMENT, NOW)[0]!.endsAt).toBe('2026-11-20T10:00:00.000Z');
  });

  it('a stay written to begin later counts from its start', () => {
    const link = careLinksOf(stay({ start: '2027-01-04T10:00:00Z' }), ESTABLISHMENT, NOW)[0]!;
    expect(daysAfterNow(link.endsAt)).toBe(31 + RELATIONSHIP_DAYS);
  });

  it('a treating-doctor link and a referral without an end end too', () => {
    const patient: fhir4.Patient = { resourceType: 'Patient', id: PATIENT, generalPractitioner: [{ reference: `Practitioner/${DOCTOR}` }] };
    expect(daysAfterNow(careLinksOf(patient, ESTABLISHMENT, NOW)[0]!.endsAt)).toBe(RELATIONSHIP_DAYS);
    const referral: fhir4.ServiceRequest = {
      resourceType: 'ServiceRequest',
      id: '00000000-0000-4000-8000-0000000000b2',
      status: 'active',
      intent: 'order',
      subject: { reference: `Patient/${PATIENT}` },
      authoredOn: NOW,
      performer: [{ reference: `Practitioner/${DOCTOR}` }],
      occurrencePeriod: { start: NOW, end: '2036-01-01T00:00:00Z' },
    };
    expect(daysAfterNow(careLinksOf(referral, ESTABLISHMENT, NOW)[0]!.endsAt)).toBe(RELATIONSHIP_DAYS);
  });
});
