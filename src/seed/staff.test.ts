import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../domain/roles.ts';
import { generateGroup } from './group.ts';
import { demoStaff } from './staff.ts';

describe('demoStaff', () => {
  const group = generateGroup(7);
  const staff = demoStaff(group);

  it('has every role, with unique readable usernames', () => {
    for (const role of STAFF_ROLES)
      expect(
        staff.some((account) => account.role === role),
        role,
      ).toBe(true);
    const usernames = staff.map((account) => account.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const username of usernames) expect(username).toMatch(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/);
    expect(usernames).toEqual(
      expect.arrayContaining(['dpo', 'rssi', 'admin.users', 'sysadmin', 'admissions.clinique-3', 'admissions.ehpad-1', 'admissions.laboratoire-1']),
    );
    expect(usernames.filter((username) => username.startsWith('dr.')).length).toBeGreaterThanOrEqual(14);
    expect(usernames.filter((username) => username.startsWith('inf.')).length).toBeGreaterThanOrEqual(14);
  });

  it('ties a doctor and a nurse of each clinic to a practitioner of one of its units', () => {
    for (const clinic of group.establishments.filter((establishment) => establishment.kind === 'clinic')) {
      for (const role of ['doctor', 'nurse'] as const) {
        const account = staff.find((candidate) => candidate.role === role && candidate.establishmentId === clinic.id);
        expect(account, `${role} of ${clinic.name}`).toBeDefined();
        const practitioner = group.practitionerById.get(account!.practitionerId!)!;
        expect(practitioner.kind).toBe(role);
        expect(practitioner.unitId).toBe(account!.unitId);
        expect(clinic.units.map((unit) => unit.id)).toContain(account!.unitId);
      }
    }
  });

  it('gives each establishment an admissions desk and the laboratory a biologist', () => {
    for (const establishment of group.establishments) {
      expect(staff.filter((account) => account.role === 'admissions' && account.establishmentId === establishment.id)).toHaveLength(1);
    }
    const lab = staff.filter((account) => account.role === 'lab');
    expect(lab).toHaveLength(1);
    expect(lab[0]!.establishmentId).toBe(group.laboratory.id);
    expect(group.practitionerById.get(lab[0]!.practitionerId!)?.kind).toBe('biologist');
  });

  it('attaches group-level roles to no establishment and no practitioner (separation of duties)', () => {
    for (const account of staff.filter((candidate) => ['dpo', 'security_officer', 'user_admin', 'sysadmin'].includes(candidate.role))) {
      expect(account.establishmentId).toBeUndefined();
      expect(account.practitionerId).toBeUndefined();
      expect(account.unitId).toBeUndefined();
    }
  });
});
