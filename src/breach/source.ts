import { DATA_CATEGORIES, type DataCategory } from '../leaks/categories.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/**
 * The likely source of a leak, from the ledger: the account and session whose
 * disclosures cover the most of the patients found in the sample, the time window of
 * those disclosures, and every patient that source was given in it — the people actually
 * affected, the sample being only a part of what left.
 */
export interface LeakSource {
  /** A session's disclosures, or an export named by its marks (src/exports/attribution). */
  kind: 'session' | 'export';
  /** The export, when the sample carries its marks; its approver, if there was one. */
  exportId?: string | undefined;
  approver?: string | null | undefined;
  accountId: string | null;
  username: string | null;
  role: string | null;
  sessionId: string | null;
  from: string;
  to: string;
  /** Of the sample's patients, how many this source was given. */
  covered: number;
  sampled: number;
  /** Every patient the source was given in its window, honey records apart, with the establishment the ledger names. */
  patients: Array<{ patientId: string; establishmentId: string; categories: DataCategory[] }>;
  honeyRecords: number;
}

const DISCLOSURES = ['read', 'search', 'everything', 'break-glass', 'export'];

const CATEGORY_OF_TYPE: Record<string, DataCategory> = {
  Patient: 'identity',
  Encounter: 'stays',
  Condition: 'history',
  AllergyIntolerance: 'allergies',
  MedicationRequest: 'prescriptions',
  Observation: 'lab-results',
  ServiceRequest: 'lab-results',
  DocumentReference: 'notes',
  Coverage: 'insurance',
};

/** What `$everything` gave each role (src/access/rules.ts): the whole chart to carers, less to the others. */
const EVERYTHING_OF_ROLE: Record<string, DataCategory[]> = {
  admissions: ['identity', 'stays', 'insurance'],
  lab: ['identity', 'lab-results', 'insurance'],
};

/** The categories one ledger entry disclosed. */
function categoriesOf(action: string, resourceType: string | null, role: string | null): DataCategory[] {
  if (action === 'everything' || action === 'break-glass') return EVERYTHING_OF_ROLE[role ?? ''] ?? [...DATA_CATEGORIES];
  const category = CATEGORY_OF_TYPE[resourceType ?? ''];
  return category ? [category] : ['identity'];
}

/** A source must account for at least this share of the sample's patients to be named. */
export const SOURCE_COVERAGE = 0.5;

export async function leakSource(tx: Sql, sampled: readonly string[]): Promise<LeakSource | undefined> {
  if (sampled.length === 0) return undefined;
  const best = await tx.one<{
    actor_id: string | null;
    session_id: string | null;
    covered: number;
    first: Date;
    last: Date;
  }>(sql`SELECT actor_id, session_id, count(DISTINCT patient_id)::int AS covered, min(occurred_at) AS first, max(occurred_at) AS last
     FROM audit_event
     WHERE patient_id = ANY(${sampled}::uuid[]) AND outcome = 'allowed' AND action = ANY(${DISCLOSURES}::text[]) AND actor_id IS NOT NULL
     GROUP BY actor_id, session_id ORDER BY covered DESC, last DESC LIMIT 1`);
  if (!best || best.covered < sampled.length * SOURCE_COVERAGE) return undefined;
  const account = await tx.one<{ username: string; role: string }>(sql`SELECT username, role FROM account WHERE id = ${best.actor_id}`);
  // The whole session (or, for exports written without one, the account's disclosures in the window).
  // One pass over the source's entries: each patient's categories, and the window's ends.
  const given = await tx.rows<{
    patient_id: string;
    establishment_id: string;
    honey: boolean;
    kinds: Array<[string, string | null]>;
    first: Date;
    last: Date;
  }>(sql`SELECT e.patient_id, min(e.establishment_id::text) AS establishment_id, bool_or(h.patient_id IS NOT NULL) AS honey,
            jsonb_agg(DISTINCT jsonb_build_array(e.action, e.resource_type)) AS kinds, min(e.occurred_at) AS first, max(e.occurred_at) AS last
     FROM audit_event e LEFT JOIN honey_record h ON h.patient_id = e.patient_id
     WHERE e.actor_id = ${best.actor_id} AND e.session_id IS NOT DISTINCT FROM ${best.session_id} AND e.outcome = 'allowed' AND e.action = ANY(${DISCLOSURES}::text[]) AND e.patient_id IS NOT NULL
       AND (${best.session_id}::uuid IS NOT NULL OR e.occurred_at BETWEEN ${best.first} AND ${best.last})
     GROUP BY e.patient_id`);
  const times = given.flatMap((row) => [new Date(row.first).getTime(), new Date(row.last).getTime()]);
  return {
    kind: 'session',
    accountId: best.actor_id,
    username: account?.username ?? null,
    role: account?.role ?? null,
    sessionId: best.session_id,
    from: new Date(Math.min(...times)).toISOString(),
    to: new Date(Math.max(...times)).toISOString(),
    covered: best.covered,
    sampled: sampled.length,
    patients: given
      .filter((row) => !row.honey)
      .map((row) => ({
        patientId: row.patient_id,
        establishmentId: row.establishment_id,
        categories: DATA_CATEGORIES.filter((category) =>
          row.kinds.some(([action, type]) => categoriesOf(action, type, account?.role ?? null).includes(category)),
        ),
      })),
    honeyRecords: given.filter((row) => row.honey).length,
  };
}

/**
 * The source when the sample carries an export's marks: that export, its requester and
 * approver, and every patient it held — a pseudonymised export too, whose sample matches
 * no one by name, is personal data of every patient in it.
 */
export async function exportSource(
  tx: Sql,
  named: { id: string; requesterId: string; approver: string | null; requestedAt: string; readyAt: string | null },
  sampled: number,
): Promise<LeakSource> {
  const request = await tx.one<{ fields: string; username: string; role: string }>(
    sql`SELECT e.fields, a.username, a.role FROM export_request e JOIN account a ON a.id = e.requester_id WHERE e.id = ${named.id}`,
  );
  const held = await tx.rows<{ patient_id: string; establishment_id: string }>(
    sql`SELECT DISTINCT ON (patient_id) patient_id, establishment_id FROM audit_event WHERE action = 'export' AND outcome = 'allowed' AND detail ->> 'export' = ${named.id}`,
  );
  // Pseudonymised files hold no name, NIR or contact (src/exports/minimise.ts): the rest of the chart.
  const categories: DataCategory[] = request?.fields === 'identified' ? [...DATA_CATEGORIES] : DATA_CATEGORIES.filter((category) => category !== 'identity');
  return {
    kind: 'export',
    exportId: named.id,
    approver: named.approver,
    accountId: named.requesterId,
    username: request?.username ?? null,
    role: request?.role ?? null,
    sessionId: null,
    from: named.requestedAt,
    to: named.readyAt ?? named.requestedAt,
    covered: sampled,
    sampled,
    patients: held.map((row) => ({ patientId: row.patient_id, establishmentId: row.establishment_id, categories })),
    honeyRecords: 0,
  };
}
