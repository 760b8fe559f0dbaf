import type { Actor } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import type { AccessPolicy } from './policy.ts';

/**
 * Care relationships (DESIGN invariant 4): why this professional may open this record
 * now. Read from `care_link` (stays, treating doctor, lab orders, referrals, care teams)
 * and `break_glass`, which hold ids and dates, never patient content.
 */
export type RelationshipKind = 'stay' | 'attending' | 'establishment-stay' | 'treating-doctor' | 'lab-order' | 'referral' | 'care-team' | 'break-glass';

export interface Relationship {
  kind: RelationshipKind;
  /** The stay, order, referral or break-glass that makes it. */
  sourceId: string;
  reason: string;
}

/** A query returning `patient_id, kind, source_id` for the actor's current relationships. */
export interface LinkQuery {
  text: string;
  params: unknown[];
}

const CURRENT = (tail: string) => `starts_at <= now() AND coalesce(ends_at, 'infinity'::timestamptz) > now() - make_interval(days => ${tail})`;

/**
 * The actor's current relationships, optionally only with the given patients.
 * Undefined for roles that have none (admissions work by establishment; group roles
 * read no records).
 */
export function currentLinks(actor: Actor, policy: AccessPolicy, patientIds?: readonly string[]): LinkQuery | undefined {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // Each parameter is numbered where first used: a query must use every one it is given.
  let tailRef: string | undefined;
  const tail = () => (tailRef ??= `${param(policy.careTailDays)}::int`);
  let onlyRef: string | undefined;
  const only = () => (patientIds ? (onlyRef ??= ` AND patient_id = ANY(${param(patientIds)}::uuid[])`) : '');
  const parts: string[] = [];
  if (actor.role === 'doctor' || actor.role === 'nurse') {
    if (actor.unitId) {
      parts.push(`SELECT patient_id, 'stay' AS kind, source_id FROM care_link
        WHERE kind = 'stay' AND unit_id = ${param(actor.unitId)}::uuid AND ${CURRENT(tail())}${only()}`);
    }
    if (actor.practitionerId) {
      parts.push(`SELECT patient_id, CASE kind WHEN 'stay' THEN 'attending' ELSE kind END AS kind, source_id FROM care_link
        WHERE practitioner_id = ${param(actor.practitionerId)}::uuid AND kind <> 'lab-order' AND ${CURRENT(tail())}${only()}`);
    }
    parts.push(`SELECT patient_id, 'break-glass' AS kind, id AS source_id FROM break_glass
      WHERE account_id = ${param(actor.accountId)}::uuid AND expires_at > now()${only()}`);
  } else if (actor.role === 'admissions' && actor.establishmentId) {
    parts.push(`SELECT patient_id, 'establishment-stay' AS kind, source_id FROM care_link
      WHERE kind = 'stay' AND establishment_id = ${param(actor.establishmentId)}::uuid AND ${CURRENT(tail())}${only()}`);
  } else if (actor.role === 'lab' && actor.establishmentId) {
    parts.push(`SELECT patient_id, 'lab-order' AS kind, source_id FROM care_link
      WHERE kind = 'lab-order' AND establishment_id = ${param(actor.establishmentId)}::uuid
        AND starts_at <= now() AND starts_at > now() - make_interval(days => ${tail()})${only()}`);
  }
  if (parts.length === 0) return undefined;
  return { text: parts.join('\nUNION ALL\n'), params };
}

/** The best current relationship of the actor with each of the given patients. */
export async function relationshipsWith(sql: Sql, actor: Actor, policy: AccessPolicy, patientIds: readonly string[]): Promise<Map<string, Relationship>> {
  const found = new Map<string, Relationship>();
  if (patientIds.length === 0) return found;
  const links = currentLinks(actor, policy, patientIds);
  if (!links) return found;
  const rows = await sql.query<{ patient_id: string; kind: RelationshipKind; source_id: string }>(links.text, links.params);
  for (const row of rows) {
    const current = found.get(row.patient_id);
    if (!current || RANK[row.kind] < RANK[current.kind]) {
      found.set(row.patient_id, { kind: row.kind, sourceId: row.source_id, reason: describe(row.kind, row.source_id) });
    }
  }
  return found;
}

/**
 * When several relationships hold, the audit names the most ordinary one that opens the
 * whole chart; a treating-doctor link, which opens only what is addressed to the doctor
 * (src/access/addressed.ts), comes last, after a break-glass its holder chose to open.
 */
const RANK: Record<RelationshipKind, number> = {
  attending: 0,
  stay: 1,
  'care-team': 2,
  referral: 3,
  'lab-order': 4,
  'establishment-stay': 5,
  'break-glass': 6,
  'treating-doctor': 7,
};

function describe(kind: RelationshipKind, sourceId: string): string {
  switch (kind) {
    case 'attending':
      return `care relationship: attending practitioner of stay ${sourceId}`;
    case 'stay':
      return `care relationship: stay ${sourceId} in the actor's unit`;
    case 'treating-doctor':
      return 'care relationship: treating doctor';
    case 'care-team':
      return `care relationship: member of care team ${sourceId}`;
    case 'referral':
      return `care relationship: referral ${sourceId}`;
    case 'lab-order':
      return `care relationship: lab order ${sourceId} addressed to the laboratory`;
    case 'establishment-stay':
      return `admissions: stay ${sourceId} in the actor's establishment`;
    case 'break-glass':
      return `break-glass ${sourceId}: access without a care relationship, under review`;
  }
}
