import { createHash, randomUUID } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.ts';
import { matchLeakedRows, type Responder, type RowMatch } from '../gate/breach-match.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { readLeakedSample } from '../leaks/leaked-rows.ts';
import { attributeSample } from '../exports/attribution/attribute.ts';
import { exportSource, leakSource, type LeakSource } from './source.ts';
import { type DataCategory } from '../leaks/categories.ts';

/**
 * A breach case (GDPR art. 33 and 34): opened from a leaked sample at the moment the
 * establishment became aware of it, which starts the 72 hours to notify the CNIL. It
 * holds the rows matched to patients, the likely source named from the ledger, and every
 * patient that source was given — the people to tell, not only those in the sample.
 */
export interface BreachCase {
  id: string;
  awareAt: string;
  /** 72 hours after awareness (art. 33(1)). */
  notifyBy: string;
  sampleRows: number;
  matches: RowMatch[];
  source: LeakSource | undefined;
  /** The patients concerned, honey records apart: those matched, and those the source was given. */
  affected: string[];
}

export const NOTIFY_WITHIN_HOURS = 72;

export async function openBreachCase(deps: { db: Database; keys: KeyRing }, responder: Responder, sample: string, awareAt = new Date()): Promise<BreachCase> {
  const rows = readLeakedSample(sample);
  if (rows.length === 0) throw new Error('The sample holds no row');
  const id = randomUUID();
  const attribution = await attributeSample(deps, sample, { operator: responder.operator ?? responder.actorRole ?? 'unknown' });
  const exported = attribution.named[0];
  return deps.db.transaction(async (tx) => {
    await tx.run(
      sql`INSERT INTO breach_case (id, opened_by_account, opened_by_operator, aware_at, sample_sha256, sample_rows, rows_matched) VALUES (${id}, ${responder.actorId ?? null}, ${responder.actorId ? null : (responder.operator ?? 'unknown')}, ${awareAt}, ${createHash('sha256').update(sample).digest()}, ${rows.length}, 0)`,
    );
    const matches = await matchLeakedRows(tx, deps.keys, responder, id, rows);
    const real = matches.filter((match) => !match.honey);
    // An export's marks name their source outright; otherwise the ledger's sessions are weighed.
    const source = exported ? await exportSource(tx, exported, rows.length) : await leakSource(tx, [...new Set(matches.map((match) => match.patientId))]);
    const establishments = new Map(real.map((match) => [match.patientId, match.establishmentId]));
    const sampled = new Map(real.map((match) => [match.patientId, match.confidence]));
    // What the sample itself shows of a patient is their identity; the source's disclosures say what else left.
    const categories = new Map<string, DataCategory[]>(real.map((match) => [match.patientId, ['identity' as DataCategory]]));
    for (const given of source?.patients ?? []) {
      if (!establishments.has(given.patientId)) establishments.set(given.patientId, given.establishmentId);
      categories.set(given.patientId, [...new Set([...(categories.get(given.patientId) ?? []), ...given.categories])]);
    }
    const affected = [...establishments.keys()];
    await tx.run(sql`INSERT INTO breach_patient (case_id, patient_id, establishment_id, in_sample, confidence, categories)
       SELECT ${id}, p, e, s, c, string_to_array(k, ',') FROM unnest(${affected}::uuid[], ${affected.map((patientId) => establishments.get(patientId))}::uuid[], ${affected.map((patientId) => sampled.has(patientId))}::boolean[], ${affected.map((patientId) => sampled.get(patientId) ?? null)}::real[], ${affected.map((patientId) => (categories.get(patientId) ?? ['identity']).join(','))}::text[]) AS t(p, e, s, c, k)`);
    await tx.run(
      sql`UPDATE breach_case SET rows_matched = ${matches.length}, source = ${source ? JSON.stringify({ ...source, patients: source.patients.length }) : null} WHERE id = ${id}`,
    );
    await appendAudit(tx, [
      {
        action: 'breach-open',
        outcome: 'allowed',
        reason: `breach case opened from a leaked sample of ${rows.length} rows: ${matches.length} matched, ${sourceWords(source)}, ${affected.length} patients concerned`,
        actorId: responder.actorId,
        actorRole: responder.actorRole,
        sessionId: responder.sessionId,
        detail: { case: id, operator: responder.operator, awareAt: awareAt.toISOString(), honeyRows: matches.length - real.length },
      },
    ]);
    return {
      id,
      awareAt: awareAt.toISOString(),
      notifyBy: new Date(awareAt.getTime() + NOTIFY_WITHIN_HOURS * 3_600_000).toISOString(),
      sampleRows: rows.length,
      matches,
      source,
      affected,
    };
  });
}

function sourceWords(source: LeakSource | undefined): string {
  if (!source) return 'no source named';
  if (source.kind === 'export')
    return `source export ${source.exportId} requested by ${source.username} (${source.role})${source.approver ? `, approved by ${source.approver}` : ''}`;
  return `source ${source.username} (${source.role}), session ${source.sessionId}`;
}
