import type { NewCareLink } from '../store/patient-rows/care-links.ts';

/**
 * The care relationships a resource creates (DESIGN invariant 4): a stay or visit in a
 * unit with its attending practitioner, the treating doctor named on the patient, a lab
 * order addressed to a laboratory, a referral (a request addressed to a practitioner). Pure: used by the gate on writes and by the seed writer.
 */
export function careLinksOf(resource: { resourceType: string; id?: string }, establishmentId: string, now: string): NewCareLink[] {
  switch (resource.resourceType) {
    case 'Encounter':
      return stayLinks(resource as fhir4.Encounter, establishmentId, now);
    case 'ServiceRequest':
      return [...labOrderLinks(resource as fhir4.ServiceRequest), ...referralLinks(resource as fhir4.ServiceRequest, establishmentId, now)];
    case 'CareTeam':
      return careTeamLinks(resource as fhir4.CareTeam, establishmentId, now);
    case 'Patient':
      return treatingDoctorLinks(resource as fhir4.Patient, establishmentId, now);
    default:
      return [];
  }
}

function stayLinks(encounter: fhir4.Encounter, establishmentId: string, now: string): NewCareLink[] {
  const patientId = idOf(encounter.subject?.reference, 'Patient');
  const start = encounter.period?.start;
  if (!encounter.id || !patientId || !start || encounter.status === 'cancelled') return [];
  const attending = encounter.participant?.find((participant) => participant.individual?.reference?.startsWith('Practitioner/'));
  return [
    {
      sourceId: encounter.id,
      kind: 'stay',
      patientId,
      establishmentId,
      unitId: idOf(encounter.serviceProvider?.reference, 'Organization'),
      practitionerId: idOf(attending?.individual?.reference, 'Practitioner'),
      startsAt: start,
      endsAt: boundedEnd(start, encounter.period?.end, now),
    },
  ];
}

function labOrderLinks(order: fhir4.ServiceRequest): NewCareLink[] {
  const patientId = idOf(order.subject?.reference, 'Patient');
  const laboratoryId = idOf(order.performer?.[0]?.reference, 'Organization');
  if (!order.id || !patientId || !laboratoryId || !order.authoredOn) return [];
  return [{ sourceId: order.id, kind: 'lab-order', patientId, establishmentId: laboratoryId, startsAt: order.authoredOn }];
}

/** Each member of an active care team, for their period within the team's. */
function careTeamLinks(team: fhir4.CareTeam, establishmentId: string, now: string): NewCareLink[] {
  const patientId = idOf(team.subject?.reference, 'Patient');
  if (!team.id || !patientId || team.status !== 'active') return [];
  return (team.participant ?? []).flatMap((participant, member) => {
    const practitionerId = idOf(participant.member?.reference, 'Practitioner');
    const start = participant.period?.start ?? team.period?.start;
    const end = participant.period?.end ?? team.period?.end;
    if (!practitionerId || !start || !end) return [];
    return [
      {
        sourceId: team.id!,
        kind: 'care-team' as const,
        member,
        patientId,
        establishmentId,
        practitionerId,
        startsAt: start,
        endsAt: boundedEnd(start, end, now),
      },
    ];
  });
}

function referralLinks(request: fhir4.ServiceRequest, establishmentId: string, now: string): NewCareLink[] {
  const patientId = idOf(request.subject?.reference, 'Patient');
  const practitionerId = idOf(request.performer?.[0]?.reference, 'Practitioner');
  const start = request.occurrencePeriod?.start ?? request.authoredOn;
  if (!request.id || !patientId || !practitionerId || !start || ['revoked', 'entered-in-error'].includes(request.status)) return [];
  return [
    {
      sourceId: request.id,
      kind: 'referral',
      patientId,
      establishmentId,
      practitionerId,
      startsAt: start,
      endsAt: boundedEnd(start, request.occurrencePeriod?.end, now),
    },
  ];
}

function treatingDoctorLinks(patient: fhir4.Patient, establishmentId: string, now: string): NewCareLink[] {
  const doctorId = idOf(patient.generalPractitioner?.[0]?.reference, 'Practitioner');
  if (!patient.id || !doctorId) return [];
  return [
    {
      sourceId: patient.id,
      kind: 'treating-doctor',
      patientId: patient.id,
      establishmentId,
      practitionerId: doctorId,
      startsAt: now,
      endsAt: boundedEnd(now, undefined, now),
    },
  ];
}

/**
 * Every relationship ends (DESIGN invariant 9): at its stated end, and at the latest
 * RELATIONSHIP_DAYS after it was last written (or after its start, when that is later).
 * An open stay, a referral or a treating-doctor link without an end, or a stay said to
 * last ten years, keeps counting only while someone writes it again — an act, in the
 * ledger. 90 days: a care team's limit; acute stays (MCO) average under six days and
 * follow-up and rehabilitation stays (SSR) about five weeks (ATIH, 2023), so an honest
 * stay ends long before; a nursing-home (EHPAD) resident, who stays years, has the stay
 * written again each quarter. The care tail (src/access/policy.ts) runs after it.
 */
export const RELATIONSHIP_DAYS = 90;

function boundedEnd(start: string, end: string | undefined, now: string): string {
  const latest = Math.max(Date.parse(start), Date.parse(now)) + RELATIONSHIP_DAYS * 86_400_000;
  return new Date(end === undefined ? latest : Math.min(Date.parse(end), latest)).toISOString();
}

/** `Type/id` → id, when the reference is to that type. */
export function idOf(reference: string | undefined, type: string): string | undefined {
  if (!reference?.startsWith(`${type}/`)) return undefined;
  return reference.slice(type.length + 1);
}
