import { FINESS_SYSTEM } from '../domain/systems.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { NOTIFY_WITHIN_HOURS } from './cases.ts';
import { DATA_CATEGORIES, type DataCategory } from '../leaks/categories.ts';

/**
 * What the documents of a case say, gathered from the case, the ledger and the
 * directory — counts, names of establishments and of the source account, the attacker's
 * actions and what was done — never a patient's identity (letters get theirs apart).
 */
export interface CaseFacts {
  caseId: string;
  group: string;
  awareAt: Date;
  notifyBy: Date;
  sampleRows: number;
  rowsMatched: number;
  patients: number;
  patientsInSample: number;
  byCategory: Array<{ category: DataCategory; patients: number }>;
  establishments: Array<{ name: string; finess: string | null; patients: number }>;
  /** Ledger entries that disclosed data to the source: the records concerned. */
  records: number;
  source: {
    username: string;
    role: string;
    sessionId: string | null;
    from: string;
    to: string;
    exportId?: string | undefined;
    approver?: string | null | undefined;
  } | null;
  /** The source's actions, by kind, from the ledger. */
  timeline: Array<{ action: string; outcome: string; count: number; first: string; last: string }>;
  /** Whether the guard contained the source before the case was opened. */
  contained: boolean;
  measures: string[];
}

export async function caseFacts(tx: Sql, caseId: string): Promise<CaseFacts> {
  const row = await tx.one<{
    aware_at: Date;
    sample_rows: number;
    rows_matched: number;
    source: (CaseFacts['source'] & { accountId: string | null }) | null;
  }>(sql`SELECT aware_at, sample_rows, rows_matched, source FROM breach_case WHERE id = ${caseId}`);
  if (!row) throw new Error(`No breach case ${caseId}`);
  const group = await tx.one<{ name: string }>(sql`SELECT resource ->> 'name' AS name FROM organization WHERE level = 'group' LIMIT 1`);
  const counts = await tx.one<{ patients: number; in_sample: number }>(
    sql`SELECT count(*)::int AS patients, (count(*) FILTER (WHERE in_sample))::int AS in_sample FROM breach_patient WHERE case_id = ${caseId}`,
  );
  const categories = await tx.rows<{ category: DataCategory; patients: number }>(
    sql`SELECT unnest(categories) AS category, count(*)::int AS patients FROM breach_patient WHERE case_id = ${caseId} GROUP BY 1`,
  );
  const establishments = await tx.rows<{
    name: string;
    identifier: Array<{ system?: string; value?: string }> | null;
    patients: number;
  }>(sql`SELECT o.resource ->> 'name' AS name, o.resource -> 'identifier' AS identifier, count(*)::int AS patients
     FROM breach_patient p JOIN organization o ON o.id = p.establishment_id WHERE p.case_id = ${caseId} GROUP BY 1, 2 ORDER BY 3 DESC`);
  const source = row.source;
  const timeline = source?.accountId
    ? await tx.rows<{
        action: string;
        outcome: string;
        count: number;
        first: Date;
        last: Date;
      }>(sql`SELECT action, outcome, count(*)::int AS count, min(occurred_at) AS first, max(occurred_at) AS last FROM audit_event
         WHERE actor_id = ${source.accountId} AND (session_id IS NOT DISTINCT FROM ${source.sessionId} OR action IN ('containment', 'alert')) AND occurred_at >= ${source.from}::timestamptz - interval '1 hour'
         GROUP BY 1, 2 ORDER BY min(occurred_at)`)
    : [];
  const records = source?.accountId
    ? await tx.count(
        sql`SELECT count(*) FROM audit_event WHERE actor_id = ${source.accountId} AND session_id IS NOT DISTINCT FROM ${source.sessionId} AND outcome = 'allowed' AND patient_id IS NOT NULL`,
      )
    : 0;
  const [account] = source?.accountId ? await tx.rows<{ status: string }>(sql`SELECT status FROM account WHERE id = ${source.accountId}`) : [];
  // What was done since: the ledger's own record of it.
  const since = await tx.rows<{ action: string; at: Date }>(sql`SELECT action, min(occurred_at) AS at FROM audit_event
     WHERE occurred_at >= ${row.aware_at} AND outcome = 'allowed' AND (action = 'key-rotation' OR (actor_id = ${source?.accountId ?? null} AND action = 'password-change') OR (action = 'reinstatement' AND detail ->> 'account' = ${source?.accountId ?? null}::text))
     GROUP BY action`);
  return {
    caseId,
    group: group?.name ?? 'le groupe',
    awareAt: new Date(row.aware_at),
    notifyBy: new Date(new Date(row.aware_at).getTime() + NOTIFY_WITHIN_HOURS * 3_600_000),
    sampleRows: row.sample_rows,
    rowsMatched: row.rows_matched,
    patients: counts!.patients,
    patientsInSample: counts!.in_sample,
    byCategory: DATA_CATEGORIES.map((category) => ({ category, patients: categories.find((c) => c.category === category)?.patients ?? 0 })).filter(
      (c) => c.patients > 0,
    ),
    establishments: establishments.map((e) => ({
      name: e.name,
      finess: e.identifier?.find((id) => id.system === FINESS_SYSTEM)?.value ?? null,
      patients: e.patients,
    })),
    records,
    source: source
      ? {
          username: source.username,
          role: source.role,
          sessionId: source.sessionId,
          from: source.from,
          to: source.to,
          exportId: source.exportId,
          approver: source.approver,
        }
      : null,
    timeline: timeline.map((t) => ({
      action: t.action,
      outcome: t.outcome,
      count: t.count,
      first: new Date(t.first).toISOString(),
      last: new Date(t.last).toISOString(),
    })),
    contained: timeline.some((t) => t.action === 'containment'),
    measures: measuresOf(
      timeline.some((t) => t.action === 'containment'),
      account?.status,
      new Map(since.map((s) => [s.action, new Date(s.at)])),
    ),
  };
}

function measuresOf(contained: boolean, status: string | undefined, since: ReadonlyMap<string, Date>): string[] {
  const measures: string[] = [];
  const when = (action: string) => since.get(action)?.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
  if (contained)
    measures.push(
      'Le compte à l’origine des accès a été suspendu automatiquement par la surveillance de Vigie, et toutes ses sessions fermées, avant la fin de l’attaque.',
    );
  if (status === 'contained' || status === 'suspended')
    measures.push('Ce compte reste suspendu ; il ne sera rétabli qu’après vérification par le responsable de la sécurité, avec un nouveau mot de passe.');
  if (since.has('password-change')) measures.push(`Le mot de passe de ce compte a été changé par son titulaire le ${when('password-change')}.`);
  if (since.has('reinstatement'))
    measures.push(`Le compte n’a été rétabli, le ${when('reinstatement')}, qu’après vérification par le responsable de la sécurité.`);
  if (since.has('key-rotation'))
    measures.push(`Les clés de chiffrement des données ont été remplacées le ${when('key-rotation')}, et toutes les données chiffrées de nouveau.`);
  measures.push(
    'Toutes les consultations de dossiers sont enregistrées dans un registre infalsifiable, ce qui a permis d’identifier précisément les personnes concernées.',
  );
  measures.push('Les données sont chiffrées dans la base : une copie de la base ou de ses fichiers ne révèle aucune donnée de santé.');
  return measures;
}
