import { encodeCopy, type CopyShape } from '../copy-binary.ts';
import type { Sql } from '../database.ts';
import { sql } from '../sql.ts';

export interface NewCareLink {
  sourceId: string;
  kind: 'stay' | 'treating-doctor' | 'lab-order' | 'referral' | 'care-team';
  patientId: string;
  establishmentId: string;
  unitId?: string | undefined;
  practitionerId?: string | undefined;
  startsAt: string;
  endsAt?: string | undefined;
  /** Several links from one source (the members of a care team) are told apart by this. */
  member?: number | undefined;
}

/**
 * The relationships a resource makes, after a write: what an update no longer implies (a
 * cancelled stay, a revoked referral, a new treating doctor) stops counting at once.
 */
export async function replaceCareLinks(tx: Sql, sourceId: string, links: readonly NewCareLink[]): Promise<void> {
  await tx.run(sql`DELETE FROM care_link WHERE source_id = ${sourceId}`);
  await insertCareLinks(tx, links);
}

/**
 * The links of new records (a bulk load): nothing to replace, so COPY where the driver
 * has it; a link that already exists is refused by the primary key, as it should be.
 */
export async function insertNewCareLinks(tx: Sql, links: readonly NewCareLink[]): Promise<void> {
  if (!tx.copy) return insertCareLinks(tx, links);
  await tx.copy(encodeCopy(CARE_LINK_COPY, links));
}

/** New care links as COPY loads them. */
export const CARE_LINK_COPY: CopyShape<NewCareLink> = {
  table: 'care_link',
  columns: {
    source_id: 'uuid',
    kind: 'text',
    patient_id: 'uuid',
    establishment_id: 'uuid',
    unit_id: 'uuid',
    practitioner_id: 'uuid',
    starts_at: 'timestamptz',
    ends_at: 'timestamptz',
    member: 'int2',
  },
  values: (link) => [
    link.sourceId,
    link.kind,
    link.patientId,
    link.establishmentId,
    link.unitId,
    link.practitionerId,
    link.startsAt,
    link.endsAt,
    link.member ?? 0,
  ],
};

export async function insertCareLinks(tx: Sql, links: readonly NewCareLink[]): Promise<void> {
  if (links.length === 0) return;
  const column = <T>(value: (link: NewCareLink) => T) => links.map(value);
  await tx.run(
    sql`INSERT INTO care_link (source_id, kind, patient_id, establishment_id, unit_id, practitioner_id, starts_at, ends_at, member)
     SELECT * FROM unnest(${column((link) => link.sourceId)}::uuid[], ${column((link) => link.kind)}::text[], ${column((link) => link.patientId)}::uuid[],
       ${column((link) => link.establishmentId)}::uuid[], ${column((link) => link.unitId ?? null)}::uuid[], ${column((link) => link.practitionerId ?? null)}::uuid[],
       ${column((link) => link.startsAt)}::timestamptz[], ${column((link) => link.endsAt ?? null)}::timestamptz[], ${column((link) => link.member ?? 0)}::smallint[])
     ON CONFLICT (source_id, kind, member) DO UPDATE SET unit_id = EXCLUDED.unit_id, practitioner_id = EXCLUDED.practitioner_id,
       starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at`,
  );
}
