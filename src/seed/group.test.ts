import { describe, expect, it } from 'vitest';
import { checkFiness } from '../domain/finess.ts';
import { checkRpps } from '../domain/rpps.ts';
import { FINESS_SYSTEM, RPPS_SYSTEM } from '../domain/systems.ts';
import { directoryOf, generateGroup } from './group.ts';
import { places } from './places.ts';

describe('generateGroup', () => {
  const group = generateGroup(7);

  it('is deterministic: the same seed gives the same group, another seed another', () => {
    expect(generateGroup(7)).toEqual(group);
    expect(generateGroup(8).organization.id).not.toBe(group.organization.id);
  });

  it('has 14 clinics, 3 nursing homes and 1 laboratory by default, or what it is asked for', () => {
    const kinds = group.establishments.map((establishment) => establishment.kind);
    expect(kinds.filter((kind) => kind === 'clinic')).toHaveLength(14);
    expect(kinds.filter((kind) => kind === 'nursing-home')).toHaveLength(3);
    expect(kinds.filter((kind) => kind === 'laboratory')).toHaveLength(1);
    const small = generateGroup(7, { clinics: 2, nursingHomes: 1, laboratories: 1, referenceDate: '2025-01-15' });
    expect(small.establishments).toHaveLength(4);
    expect(small.referenceDate).toBe('2025-01-15');
    expect(() => generateGroup(7, { clinics: 0 })).toThrow(RangeError);
  });

  it('gives every establishment a valid, unique FINESS and a real address in the group’s departments', () => {
    const finess = group.establishments.map((establishment) => establishment.finess);
    expect(new Set(finess).size).toBe(finess.length);
    const communesOfPostalCode = new Map<string, Set<string>>();
    for (const commune of places().communes)
      for (const code of commune.postalCodes) communesOfPostalCode.set(code, (communesOfPostalCode.get(code) ?? new Set()).add(commune.name));
    for (const establishment of group.establishments) {
      expect(checkFiness(establishment.finess).ok).toBe(true);
      expect(establishment.organization.identifier).toEqual([{ system: FINESS_SYSTEM, value: establishment.finess }]);
      expect(group.departments).toContain(establishment.commune.department);
      const address = establishment.organization.address![0]!;
      expect(communesOfPostalCode.get(address.postalCode!)).toContain(address.city);
      expect(establishment.finess.startsWith(establishment.commune.department)).toBe(true);
    }
  });

  it('staffs every unit, with valid unique RPPS numbers and a role linking each practitioner to a unit', () => {
    const rpps = group.practitioners.map((practitioner) => practitioner.rpps);
    expect(new Set(rpps).size).toBe(rpps.length);
    for (const practitioner of group.practitioners) {
      expect(checkRpps(practitioner.rpps).ok).toBe(true);
      expect(practitioner.resource.identifier).toEqual([{ system: RPPS_SYSTEM, value: `8${practitioner.rpps}` }]);
    }
    for (const establishment of group.establishments) {
      if (establishment.kind === 'clinic') expect(establishment.staff.length).toBeGreaterThanOrEqual(8);
      if (establishment.kind === 'clinic') expect(establishment.staff.length).toBeLessThanOrEqual(24);
      for (const unit of establishment.units) {
        const lead = establishment.kind === 'laboratory' ? 'biologist' : 'doctor';
        expect(
          unit.staff.some((practitioner) => practitioner.kind === lead),
          `${establishment.name} / ${unit.name}`,
        ).toBe(true);
      }
    }
    const staffed = group.practitioners.filter((practitioner) => practitioner.kind !== 'gp');
    expect(group.roles).toHaveLength(staffed.length);
    for (const role of group.roles) {
      const practitioner = group.practitionerById.get(role.practitionerId)!;
      expect(practitioner.unitId).toBe(role.unitId);
      expect(role.resource.organization?.reference).toBe(`Organization/${role.unitId}`);
      expect(role.resource.code?.[0]?.coding?.[0]?.code).toBe(practitioner.kind);
    }
    expect(group.generalPractitioners.length).toBeGreaterThanOrEqual(30);
    expect(group.generalPractitioners.length).toBeLessThanOrEqual(50);
  });

  it('gives every directory row a unique UUID and a consistent hierarchy', () => {
    const directory = directoryOf(group);
    const ids = [
      ...directory.organizations.map((o) => o.resource.id),
      ...directory.practitioners.map((p) => p.id),
      ...directory.roles.map((r) => r.resource.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const units = group.establishments.reduce((sum, establishment) => sum + establishment.units.length, 0);
    expect(directory.organizations).toHaveLength(1 + group.establishments.length + units);
    for (const row of directory.organizations) {
      expect(row.resource.type?.[0]?.coding?.[0]?.code).toBe(row.level);
      if (row.partOf) expect(row.resource.partOf?.reference).toBe(`Organization/${row.partOf}`);
    }
    expect(group.cpamByDepartment.get('33')).toBe('CPAM de la Gironde');
    expect(group.cpamByDepartment.get('974')).toBe('CGSS de La Réunion');
  });
});
