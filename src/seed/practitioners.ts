import { idNatPs, makeRpps } from '../domain/rpps.ts';
import { PRACTITIONER_ROLE_SYSTEM, RPPS_SYSTEM } from '../domain/systems.ts';
import { asciiSlug } from './contact.ts';
import { coding, reference, type WithId } from './fhir.ts';
import type { SeededRandom } from './random.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './tables/people.ts';
import type { StaffRole } from './tables/units.ts';

/**
 * Practitioners of the directory (public in France: Annuaire Santé), each with a valid RPPS
 * number, and the PractitionerRole that places them in a unit with a role code.
 */

export type PractitionerKind = StaffRole | 'gp';

export interface SeedPractitioner {
  id: string;
  kind: PractitionerKind;
  rpps: string;
  family: string;
  given: string;
  gender: 'male' | 'female';
  /** "Dr Marie Martin", "Julie Petit": how references display them. */
  display: string;
  department: string;
  establishmentId?: string;
  unitId?: string;
  resource: WithId<fhir4.Practitioner>;
}

export interface SeedRole {
  resource: WithId<fhir4.PractitionerRole>;
  practitionerId: string;
  unitId: string;
  establishmentId: string;
}

const ROLE_LABELS: Record<PractitionerKind, string> = {
  doctor: 'Médecin',
  nurse: 'Infirmier',
  midwife: 'Sage-femme',
  biologist: 'Biologiste médical',
  gp: 'Médecin généraliste',
};

/** Share of women by profession (DREES, démographie des professionnels de santé, rounded). */
const FEMALE_SHARE: Record<PractitionerKind, number> = { doctor: 0.5, gp: 0.5, nurse: 0.86, midwife: 0.97, biologist: 0.55 };

/** RPPS numbers are issued from 10000000000 upwards: 10-digit serials starting "100" keep them plausible. */
export function newRpps(random: SeededRandom, taken: Set<string>): string {
  for (;;) {
    const rpps = makeRpps(`100${random.digits(7)}`);
    if (!taken.has(rpps)) {
      taken.add(rpps);
      return rpps;
    }
  }
}

export interface PractitionerPlace {
  kind: PractitionerKind;
  specialty: string;
  department: string;
  /** The establishment's e-mail domain and switchboard, or the GP's own. */
  mailDomain: string;
  phone: string;
  address?: fhir4.Address;
  establishmentId?: string;
  unitId?: string;
}

export function makePractitioner(random: SeededRandom, rppsTaken: Set<string>, place: PractitionerPlace): SeedPractitioner {
  const id = random.uuid();
  const gender = random.chance(FEMALE_SHARE[place.kind]) ? 'female' : 'male';
  const given = random.pick(gender === 'female' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
  const family = random.pick(FAMILY_NAMES);
  const rpps = newRpps(random, rppsTaken);
  const isDoctor = place.kind === 'doctor' || place.kind === 'gp' || place.kind === 'biologist';
  const label = place.kind === 'nurse' && gender === 'female' ? 'Infirmière' : ROLE_LABELS[place.kind];
  const resource: WithId<fhir4.Practitioner> = {
    resourceType: 'Practitioner',
    id,
    active: true,
    identifier: [{ system: RPPS_SYSTEM, value: idNatPs(rpps) }],
    name: [{ use: 'official', family, given: [given], ...(isDoctor ? { prefix: ['Dr'] } : {}) }],
    gender,
    telecom: [
      { system: 'phone', value: place.phone, use: 'work' },
      { system: 'email', value: `${asciiSlug(given)}.${asciiSlug(family)}@${place.mailDomain}`, use: 'work' },
    ],
    ...(place.address ? { address: [place.address] } : {}),
    qualification: [{ code: { text: place.kind === 'nurse' || place.kind === 'midwife' ? label : `${label} — ${place.specialty}` } }],
  };
  return {
    id,
    kind: place.kind,
    rpps,
    family,
    given,
    gender,
    display: `${isDoctor ? 'Dr ' : ''}${given} ${family}`,
    department: place.department,
    ...(place.establishmentId ? { establishmentId: place.establishmentId } : {}),
    ...(place.unitId ? { unitId: place.unitId } : {}),
    resource,
  };
}

export function makeRole(
  random: SeededRandom,
  practitioner: SeedPractitioner,
  unit: { id: string; name: string; establishmentId: string },
  specialty: string,
): SeedRole {
  const kind = practitioner.kind === 'gp' ? 'doctor' : practitioner.kind;
  const resource: WithId<fhir4.PractitionerRole> = {
    resourceType: 'PractitionerRole',
    id: random.uuid(),
    active: true,
    practitioner: reference('Practitioner', practitioner.id, practitioner.display),
    organization: reference('Organization', unit.id, unit.name),
    code: [{ coding: [coding(PRACTITIONER_ROLE_SYSTEM, kind, ROLE_LABELS[kind])] }],
    specialty: [{ text: specialty }],
  };
  return { resource, practitionerId: practitioner.id, unitId: unit.id, establishmentId: unit.establishmentId };
}
