import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actor.ts';
import type { NewCareLink } from '../store/patient-rows/care-links.ts';
import { judgeRelationshipWrite, type Workplaces } from './relationship-writes.ts';

const HOME = 'home-clinic';
const AWAY = 'away-clinic';
const actor = (role: Actor['role']): Actor => ({
  accountId: 'a',
  username: role,
  role,
  establishmentId: HOME,
  practitionerId: role === 'doctor' ? 'me' : undefined,
  unitId: role === 'admissions' ? undefined : 'my-unit',
  sessionId: 's',
  address: undefined,
});
const places: Workplaces = {
  unitEstablishment: new Map([
    ['my-unit', HOME],
    ['next-unit', HOME],
    ['away-unit', AWAY],
  ]),
  practitionerEstablishments: new Map([
    ['me', new Set([HOME])],
    ['colleague', new Set([HOME])],
    ['stranger', new Set([AWAY])],
  ]),
};
const link = (kind: NewCareLink['kind'], more: Partial<NewCareLink> = {}): NewCareLink => ({
  sourceId: 's',
  kind,
  patientId: 'p',
  establishmentId: HOME,
  startsAt: '2026-12-04',
  ...more,
});
const judge = (role: Actor['role'], links: NewCareLink[], standing: 'related' | 'found', patientHome = HOME) =>
  judgeRelationshipWrite(actor(role), links, standing, patientHome, places);

/** T9, as a table: what a relationship-making write may name, by the actor's standing with the patient. */
describe('relationship writes', () => {
  it("within the actor's care: ordinary care, free (no basis that costs)", () => {
    for (const links of [
      [link('referral', { practitionerId: 'colleague' })],
      [link('lab-order', { establishmentId: 'lab' })],
      [link('care-team', { practitionerId: 'stranger' })],
      [link('stay', { unitId: 'my-unit', practitionerId: 'colleague' })],
    ]) {
      const decision = judge('doctor', links, 'related');
      expect(decision, links[0]!.kind).toMatchObject({ allowed: true });
      expect(decision.basis).toBeUndefined();
    }
  });

  it('outside it, the actor brings the patient into its own care only, charged as relationship-write', () => {
    expect(judge('doctor', [link('care-team', { practitionerId: 'me' })], 'found')).toMatchObject({ allowed: true, basis: { kind: 'relationship-write' } });
    expect(judge('doctor', [link('stay', { unitId: 'my-unit', practitionerId: 'me' })], 'found').allowed).toBe(true);
    expect(judge('doctor', [link('care-team', { practitionerId: 'colleague' })], 'found').reason).toMatch(/only itself/);
    expect(judge('doctor', [link('referral', { practitionerId: 'colleague' })], 'found').reason).toMatch(/already in the actor's care/);
    expect(judge('doctor', [link('lab-order', { establishmentId: 'lab' })], 'found').allowed).toBe(false);
    expect(judge('doctor', [link('treating-doctor', { practitionerId: 'colleague' })], 'found').allowed).toBe(false);
  });

  it("a stay is in a unit of the actor's establishment, and a doctor's or nurse's in their own unit, whatever the standing", () => {
    for (const standing of ['related', 'found'] as const) {
      expect(judge('nurse', [link('stay', { unitId: 'next-unit' })], standing).reason).toMatch(/own unit/);
      expect(judge('admissions', [link('stay', { unitId: 'away-unit' })], standing).reason).toMatch(/establishment/);
      expect(judge('admissions', [link('stay', { unitId: 'nowhere' })], standing).allowed).toBe(false);
      expect(judge('admissions', [link('stay', { practitionerId: 'colleague' })], standing).reason).toMatch(/names its unit/);
    }
    expect(judge('admissions', [link('stay', { unitId: 'next-unit' })], 'found', AWAY)).toMatchObject({ allowed: true, basis: { kind: 'relationship-write' } });
  });

  it('admissions admit with an attending of their establishment, record the treating doctor of their own patients only, and write no care team', () => {
    expect(judge('admissions', [link('stay', { unitId: 'my-unit', practitionerId: 'colleague' })], 'found').allowed).toBe(true);
    expect(judge('admissions', [link('stay', { unitId: 'my-unit', practitionerId: 'stranger' })], 'found').reason).toMatch(/attending/);
    expect(judge('admissions', [link('treating-doctor', { practitionerId: 'stranger' })], 'found').allowed).toBe(true);
    expect(judge('admissions', [link('treating-doctor', { practitionerId: 'stranger' })], 'found', AWAY).allowed).toBe(false);
    expect(judge('admissions', [link('care-team', { practitionerId: 'colleague' })], 'found').allowed).toBe(false);
  });
});
