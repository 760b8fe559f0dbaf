import type { Role } from '../domain/roles.ts';
import { asciiSlug } from './contact.ts';
import type { SeedEstablishment, SeedGroup, SeedUnit } from './group.ts';
import type { SeedPractitioner } from './practitioners.ts';

/**
 * The demo accounts a seeded group gets, one or more of every role, with readable
 * usernames: "dr.martin", "inf.dupont", "admissions.clinique-3", "bio.lefevre", "dpo",
 * "rssi", "admin.users", "sysadmin". Care accounts are tied to a practitioner of a unit
 * (their care relationships follow from it); the group-level roles to no establishment,
 * and — separation of duties — to no practitioner. Passwords and TOTP secrets are made at
 * seed time with crypto randomness (src/seed/writer.ts), never here.
 */
export interface DemoStaff {
  username: string;
  role: Role;
  establishmentId?: string;
  practitionerId?: string;
  unitId?: string;
}

export function demoStaff(group: SeedGroup): DemoStaff[] {
  const staff: DemoStaff[] = [];
  const taken = new Set<string>();
  const add = (account: DemoStaff) => {
    taken.add(account.username);
    staff.push(account);
  };
  const practitionerAccount = (role: Role, prefix: string, practitioner: SeedPractitioner, unit: SeedUnit) =>
    add({ username: uniqueName(taken, prefix, practitioner), role, establishmentId: unit.establishmentId, practitionerId: practitioner.id, unitId: unit.id });

  for (const establishment of group.establishments) {
    if (establishment.kind === 'laboratory') {
      const found = firstWith(establishment, 'biologist');
      if (found) practitionerAccount('lab', 'bio', found.practitioner, found.unit);
    } else {
      const doctor = firstWith(establishment, 'doctor');
      if (doctor) practitionerAccount('doctor', 'dr', doctor.practitioner, doctor.unit);
      const nurse = firstWith(establishment, 'nurse');
      if (nurse) practitionerAccount('nurse', 'inf', nurse.practitioner, nurse.unit);
    }
    add({ username: `admissions.${establishment.slug}`, role: 'admissions', establishmentId: establishment.id });
    // The medical information doctor (DIM) of a hospital or clinic: PMSI, research cohorts, and their approval.
    if (establishment.kind !== 'laboratory') add({ username: `dim.${establishment.slug}`, role: 'dim', establishmentId: establishment.id });
  }
  add({ username: 'dpo', role: 'dpo' });
  add({ username: 'rssi', role: 'security_officer' });
  add({ username: 'admin.users', role: 'user_admin' });
  add({ username: 'sysadmin', role: 'sysadmin' });
  return staff;
}

/** The first practitioner of a kind, in the establishment's first unit that has one. */
function firstWith(establishment: SeedEstablishment, kind: SeedPractitioner['kind']): { practitioner: SeedPractitioner; unit: SeedUnit } | undefined {
  for (const unit of establishment.units) {
    const practitioner = unit.staff.find((candidate) => candidate.kind === kind);
    if (practitioner) return { practitioner, unit };
  }
  return undefined;
}

/** "dr.martin"; a second Dr Martin is "dr.camille.martin", a third "dr.camille.martin.3". */
function uniqueName(taken: ReadonlySet<string>, prefix: string, practitioner: SeedPractitioner): string {
  const family = asciiSlug(practitioner.family);
  const candidates = [`${prefix}.${family}`, `${prefix}.${asciiSlug(practitioner.given)}.${family}`];
  for (let n = 3; ; n++) {
    const candidate = candidates.shift() ?? `${prefix}.${asciiSlug(practitioner.given)}.${family}.${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
