import type { Actor } from '../domain/actor.ts';
import type { Role } from '../domain/roles.ts';
import type { Sql } from '../store/database.ts';
import { sql, type Statement } from '../store/sql.ts';
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

/**
 * Whose links are read: SQL for each of the actor's columns — parameters for one actor,
 * or the columns of a row (a live session's) to read many actors' links in one statement.
 */
interface LinkSubject {
  role: Statement;
  unitId: Statement;
  practitionerId: Statement;
  accountId: Statement;
  establishmentId: Statement;
}

/** Each source of links: the roles it serves, the column of the actor it needs, its rows (`patient_id, kind, source_id`). */
const LINK_SOURCES: ReadonlyArray<{
  roles: readonly Role[];
  needs: Exclude<keyof LinkSubject, 'role'>;
  rows: (who: LinkSubject, tail: Statement) => Statement;
}> = [
  {
    roles: ['doctor', 'nurse'],
    needs: 'unitId',
    rows: (who, tail) => sql`SELECT patient_id, 'stay' AS kind, source_id FROM care_link
        WHERE kind = 'stay' AND unit_id = ${who.unitId} AND ${current(tail)}`,
  },
  {
    roles: ['doctor', 'nurse'],
    needs: 'practitionerId',
    rows: (who, tail) => sql`SELECT patient_id, CASE kind WHEN 'stay' THEN 'attending' ELSE kind END AS kind, source_id FROM care_link
        WHERE practitioner_id = ${who.practitionerId} AND kind <> 'lab-order' AND ${current(tail)}`,
  },
  {
    roles: ['doctor', 'nurse'],
    needs: 'accountId',
    rows: (who) => sql`SELECT patient_id, 'break-glass' AS kind, id AS source_id FROM break_glass
      WHERE account_id = ${who.accountId} AND expires_at > now()`,
  },
  {
    roles: ['admissions'],
    needs: 'establishmentId',
    rows: (who, tail) => sql`SELECT patient_id, 'establishment-stay' AS kind, source_id FROM care_link
      WHERE kind = 'stay' AND establishment_id = ${who.establishmentId} AND ${current(tail)}`,
  },
  {
    roles: ['lab'],
    needs: 'establishmentId',
    rows: (who, tail) => sql`SELECT patient_id, 'lab-order' AS kind, source_id FROM care_link
      WHERE kind = 'lab-order' AND establishment_id = ${who.establishmentId}
        AND starts_at <= now() AND starts_at > now() - make_interval(days => ${tail})`,
  },
];

/** A link current now: begun, and not ended longer ago than the policy's tail. */
const current = (tail: Statement): Statement => sql`starts_at <= now() AND coalesce(ends_at, 'infinity'::timestamptz) > now() - make_interval(days => ${tail})`;

/**
 * The actor's current relationships, optionally only with the given patients: a query
 * returning `patient_id, kind, source_id`. Undefined for roles that have none (admissions
 * work by establishment; group roles read no records).
 */
export function currentLinks(actor: Actor, policy: AccessPolicy, patientIds?: readonly string[]): Statement | undefined {
  const value = (id: string | undefined): Statement => sql`${id}::uuid`;
  const who: LinkSubject = {
    role: sql`${actor.role}`,
    unitId: value(actor.unitId),
    practitionerId: value(actor.practitionerId),
    accountId: value(actor.accountId),
    establishmentId: value(actor.establishmentId),
  };
  const only = patientIds ? sql` AND patient_id = ANY(${patientIds}::uuid[])` : sql``;
  const tail = sql`${policy.careTailDays}::int`;
  const parts = LINK_SOURCES.filter((source) => source.roles.includes(actor.role) && actor[source.needs]).map(
    (source) => sql`${source.rows(who, tail)}${only}`,
  );
  return parts.length === 0 ? undefined : sql.join(parts, sql`\nUNION ALL\n`);
}

/**
 * The current relationships of the actor whose columns are those of `row` (`role`,
 * `unit_id`, `practitioner_id`, `account_id`, `establishment_id`) with one patient: one
 * query for many actors, each row reading its own links (a lateral subquery).
 */
export function currentLinksOfRow(row: Statement, policy: AccessPolicy, patientId: Statement): Statement {
  const column = (name: Statement): Statement => sql`${row}.${name}`;
  const who: LinkSubject = {
    role: column(sql`role`),
    unitId: column(sql`unit_id`),
    practitionerId: column(sql`practitioner_id`),
    accountId: column(sql`account_id`),
    establishmentId: column(sql`establishment_id`),
  };
  const tail = sql`${policy.careTailDays}::int`;
  const parts = LINK_SOURCES.map((source) => sql`${source.rows(who, tail)} AND patient_id = ${patientId} AND ${who.role} = ANY(${source.roles}::text[])`);
  return sql.join(parts, sql`\nUNION ALL\n`);
}

/** A row of `currentLinks`. */
export interface LinkRow {
  patient_id: string;
  kind: RelationshipKind;
  source_id: string;
}

/** The best current relationship of the actor with each of the given patients. */
export async function relationshipsWith(tx: Sql, actor: Actor, policy: AccessPolicy, patientIds: readonly string[]): Promise<Map<string, Relationship>> {
  if (patientIds.length === 0) return new Map();
  const links = currentLinks(actor, policy, patientIds);
  return links ? bestRelationships(await tx.rows<LinkRow>(links)) : new Map();
}

/** The best of each patient's links, by RANK. */
export function bestRelationships(rows: readonly LinkRow[]): Map<string, Relationship> {
  const found = new Map<string, Relationship>();
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
