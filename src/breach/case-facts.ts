import { FINESS_SYSTEM } from '../domain/systems.ts';
import type { Sql } from '../store/database.ts';
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

export async function caseFacts(sql: Sql, caseId: string): Promise<CaseFacts> {
  const [row] = await sql.query<{
    aware_at: Date;
    sample_rows: number;
    rows_matched: number;
    source: (CaseFacts['source'] & { accountId: string | null }) | null;
  }>('SELECT aware_at, sample_rows, rows_matched, source FROM breach_case WHERE id = $1', [caseId]);
  if (!row) throw new Error(`No breach case ${caseId}`);
  const [group] = await sql.query<{ name: string }>("SELECT resource ->> 'name' AS name FROM organization WHERE level = 'group' LIMIT 1");
  const [counts] = await sql.query<{ patients: string | number; in_sample: string | number }>(
    'SELECT count(*) AS patients, count(*) FILTER (WHERE in_sample) AS in_sample FROM breach_patient WHERE case_id = $1',
    [caseId],
  );
  const categories = await sql.query<{ category: DataCategory; patients: string | number }>(
    'SELECT unnest(categories) AS category, count(*) AS patients FROM breach_patient WHERE case_id = $1 GROUP BY 1',
    [caseId],
  );
  const establishments = await sql.query<{ name: string; identifier: Array<{ system?: string; value?: string }> | null; patients: string | number }>(
    `SELECT o.resource ->> 'name' AS name, o.resource -> 'identifier' AS identifier, count(*) AS patients
     FROM breach_patient p JOIN organization o ON o.id = p.establishment_id WHERE p.case_id = $1 GROUP BY 1, 2 ORDER BY 3 DESC`,
    [caseId],
  );
  const source = row.source;
  const timeline = source?.accountId
    ? await sql.query<{ action: string; outcome: string; count: string | number; first: Date; last: Date }>(
        `SELECT action, outcome, count(*) AS count, min(occurred_at) AS first, max(occurred_at) AS last FROM audit_event
         WHERE actor_id = $1 AND (session_id IS NOT DISTINCT FROM $2 OR action IN ('containment', 'alert')) AND occurred_at >= $3::timestamptz - interval '1 hour'
         GROUP BY 1, 2 ORDER BY min(occurred_at)`,
        [source.accountId, source.sessionId, source.from],
      )
    : [];
  const [records] = source?.accountId
    ? await sql.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM audit_event WHERE actor_id = $1 AND session_id IS NOT DISTINCT FROM $2 AND outcome = 'allowed' AND patient_id IS NOT NULL`,
        [source.accountId, source.sessionId],
      )
    : [{ n: 0 }];
  const [account] = source?.accountId ? await sql.query<{ status: string }>('SELECT status FROM account WHERE id = $1', [source.accountId]) : [];
  // What was done since: the ledger's own record of it.
  const since = await sql.query<{ action: string; at: Date }>(
    `SELECT action, min(occurred_at) AS at FROM audit_event
     WHERE occurred_at >= $1 AND outcome = 'allowed' AND (action = 'key-rotation' OR (actor_id = $2 AND action = 'password-change') OR (action = 'reinstatement' AND detail ->> 'account' = $2::text))
     GROUP BY action`,
    [row.aware_at, source?.accountId ?? null],
  );
  return {
    caseId,
    group: group?.name ?? 'le groupe',
    awareAt: new Date(row.aware_at),
    notifyBy: new Date(new Date(row.aware_at).getTime() + NOTIFY_WITHIN_HOURS * 3_600_000),
    sampleRows: row.sample_rows,
    rowsMatched: row.rows_matched,
    patients: Number(counts!.patients),
    patientsInSample: Number(counts!.in_sample),
    byCategory: DATA_CATEGORIES.map((category) => ({ category, patients: Number(categories.find((c) => c.category === category)?.patients ?? 0) })).filter(
      (c) => c.patients > 0,
    ),
    establishments: establishments.map((e) => ({
      name: e.name,
      finess: e.identifier?.find((id) => id.system === FINESS_SYSTEM)?.value ?? null,
      patients: Number(e.patients),
    })),
    records: Number(records!.n),
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
      count: Number(t.count),
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
