import { createHash } from 'node:crypto';
import type { NewCareLink } from '../store/patient-rows/care-links.ts';
import { DAY } from './dates.ts';
import type { SeedGroup } from './group.ts';
import { demoStaff } from './staff.ts';

/**
 * Each demo doctor and nurse follows a care team of patients of their establishment:
 * the first PATIENTS_PER_TEAM × establishments patients of the seed, from a week before
 * the reference date to 90 days after. Stays alone would leave a demo unit with almost
 * no current patient in a small demo group; care-team membership with an end date is one
 * of the relationships need-to-know accepts.
 */
const PATIENTS_PER_TEAM = 25;

export function demoCareTeams(group: SeedGroup) {
  const members = new Map<string, string[]>();
  for (const staff of demoStaff(group)) {
    if ((staff.role === 'doctor' || staff.role === 'nurse') && staff.establishmentId && staff.practitionerId) {
      members.set(staff.establishmentId, [...(members.get(staff.establishmentId) ?? []), staff.practitionerId]);
    }
  }
  const reach = PATIENTS_PER_TEAM * group.establishments.length;
  const startsAt = new Date(group.now - 7 * DAY).toISOString();
  const endsAt = new Date(group.now + 90 * DAY).toISOString();
  return {
    linksFor(index: number, patientId: string, establishmentId: string): NewCareLink[] {
      if (index >= reach) return [];
      return (members.get(establishmentId) ?? []).map((practitionerId) => ({
        sourceId: membershipId(group.seed, practitionerId, patientId),
        kind: 'care-team' as const,
        patientId,
        establishmentId,
        practitionerId,
        startsAt,
        endsAt,
      }));
    },
  };
}

/** A stable id per membership (a care_link row is keyed by its source). */
function membershipId(seed: number, practitionerId: string, patientId: string): string {
  const hex = createHash('sha256').update(`care-team:${seed}:${practitionerId}:${patientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
