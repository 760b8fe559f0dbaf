import type { Actor } from '../domain/actor.ts';
import type { Role } from '../domain/roles.ts';

/**
 * Who may do what with patient data, one readable rule per role (separation of duties,
 * DESIGN invariant 3). Each decision carries its reason, which the audit entry records.
 * These rules are per resource type; src/access/need-to-know.ts then asks, per patient,
 * which care relationship allows it (invariant 4).
 */
export interface Decision {
  allowed: boolean;
  reason: string;
  /** What made it: the relationship, break-glass or lookup (recorded in the audit detail). */
  basis?: { kind: string; sourceId?: string | undefined } | undefined;
}

export type PatientDataKind = 'identity' | 'clinical';

const allow = (reason: string): Decision => ({ allowed: true, reason });
const refuse = (reason: string): Decision => ({ allowed: false, reason });

/** What a laboratory's orders need: who the patient is, who pays, what was asked, the results. */
const LABORATORY_TYPES = new Set(['Patient', 'Coverage', 'ServiceRequest', 'Observation']);

/** Resource types that are identity or administrative data rather than clinical content. */
const ADMINISTRATIVE_TYPES = new Set(['Patient', 'Coverage', 'Encounter']);

export function dataKindOf(resourceType: string): PatientDataKind {
  return ADMINISTRATIVE_TYPES.has(resourceType) ? 'identity' : 'clinical';
}

const READ_RULES: Record<Role, (kind: PatientDataKind, type: string) => Decision> = {
  doctor: () => allow('role doctor: care professional'),
  nurse: () => allow('role nurse: care professional'),
  lab: (_kind, type) => (LABORATORY_TYPES.has(type) ? allow('role lab: what its orders need') : refuse(`role lab reads no ${type}: its orders do not need it`)),
  admissions: (kind) =>
    kind === 'identity' ? allow('role admissions: identity and administrative data') : refuse('role admissions reads no clinical content'),
  dpo: () => refuse('role dpo reads audit and exports, not patient records'),
  dim: () => refuse("role dim approves its establishment's exports; it reads no record in the application"),
  security_officer: () => refuse('role security_officer reads audit and alerts, not patient records'),
  user_admin: () => refuse('role user_admin manages accounts and holds no right to patient data'),
  sysadmin: () => refuse('role sysadmin runs the system and holds no right to patient data'),
  patient: () => refuse('role patient reads their own record through the portal, not this API'),
};

const WRITE_TYPES: Record<Role, ReadonlySet<string>> = {
  doctor: new Set([
    'Patient',
    'Encounter',
    'Condition',
    'AllergyIntolerance',
    'MedicationRequest',
    'ServiceRequest',
    'Observation',
    'DocumentReference',
    'CareTeam',
  ]),
  nurse: new Set(['Encounter', 'AllergyIntolerance', 'Observation', 'DocumentReference']),
  lab: new Set(['Observation']),
  admissions: new Set(['Patient', 'Coverage', 'Encounter']),
  dpo: new Set(),
  dim: new Set(),
  security_officer: new Set(),
  user_admin: new Set(),
  sysadmin: new Set(),
  patient: new Set(),
};

export function mayRead(actor: Actor, resourceType: string): Decision {
  return READ_RULES[actor.role](dataKindOf(resourceType), resourceType);
}

export function mayWrite(actor: Actor, resourceType: string): Decision {
  if (!WRITE_TYPES[actor.role].has(resourceType)) return refuse(`role ${actor.role} may not write ${resourceType}`);
  if (!actor.establishmentId) return refuse('account attached to no establishment');
  return allow(`role ${actor.role} writes ${resourceType}`);
}
