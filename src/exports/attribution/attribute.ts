import type { KeyRing } from '../../crypto/key-ring.ts';
import type { Actor } from '../../domain/actor.ts';
import { raiseAlert } from '../../guard/alerts.ts';
import { appendAudit } from '../../ledger/append.ts';
import type { Database } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import type { Carrier } from '../fingerprint/carriers.ts';
import { honeyPseudonyms } from '../fingerprint/honey-rows.ts';
import { ExportMarks } from '../fingerprint/marks.ts';
import { logChanceOfInnocentMatch, probabilityText } from './bound.ts';
import { evidenceFor, type MarkCount } from './evidence.ts';
import { sampleMarks, type SampleMarks } from './sample.ts';

/** An export is named when the chance that an innocent one matches as well is below this. */
export const NAMING_THRESHOLD = 1e-6;

export interface AttributedExport {
  id: string;
  purpose: string;
  fields: string;
  format: string;
  requester: string;
  requesterId: string;
  approver: string | null;
  requestedAt: string;
  decidedAt: string | null;
  readyAt: string | null;
  counts: MarkCount[];
  honeyRows: number;
  /** The chance that an export the sample did not come from matches it as well, over every export weighed (upper bound). */
  falseAccusation: string;
  log10FalseAccusation: number;
}

export interface Attribution {
  sample: { format: SampleMarks['format']; rows: number; tokens: number; quotedCells: number; times: number; objects: number };
  exportsWeighed: number;
  named: AttributedExport[];
  /** The export that matched best without being named, for the record. */
  closest: AttributedExport | undefined;
}

/** Who gave the sample: a signed-in officer, or the operator at the command line. */
export type Attributor = { actor: Actor } | { operator: string };

interface CandidateRow {
  id: string;
  purpose: string;
  fields: string;
  format: string;
  carriers: Carrier[] | string;
  honey_rows: number;
  requester_id: string;
  requester: string;
  approver: string | null;
  requested_at: Date | string;
  decided_at: Date | string | null;
  ready_at: Date | string | null;
}

/**
 * `vigie attribute SAMPLE`: a leaked sample weighed against every export ever written. An
 * export is named, with its requester, approver and dates, when the chance that one the
 * sample did not come from would match as well — over all the exports weighed — is below
 * NAMING_THRESHOLD. Honey rows of an export in the sample raise a high alert about its
 * requester: that export's data is out. The weighing is in the ledger, whoever asked.
 */
export async function attributeSample(deps: { db: Database; keys: KeyRing }, text: string, by: Attributor): Promise<Attribution> {
  const sample = sampleMarks(text);
  const rows = await deps.db
    .rows<CandidateRow>(sql`SELECT e.id, e.purpose, e.fields, e.format, e.carriers, e.honey_rows, e.requester_id, r.username AS requester, d.username AS approver,
            e.requested_at, e.decided_at, e.ready_at
     FROM export_request e JOIN account r ON r.id = e.requester_id LEFT JOIN account d ON d.id = e.decided_by
     WHERE e.patients_written > 0 ORDER BY e.requested_at`);
  // Bonferroni: the sample is weighed against every export, so each one's chance counts that many times.
  const logExports = Math.log(Math.max(rows.length, 1));
  const weighed = rows.map((row) => weigh(deps.keys, row, sample, logExports)).sort((a, b) => a.log10FalseAccusation - b.log10FalseAccusation);
  const named = weighed.filter((candidate) => candidate.log10FalseAccusation < Math.log10(NAMING_THRESHOLD));
  const attribution: Attribution = {
    sample: {
      format: sample.format,
      rows: sample.rows,
      tokens: sample.tokens.length,
      quotedCells: sample.quoting.size,
      times: sample.seconds.size,
      objects: sample.orders.size,
    },
    exportsWeighed: rows.length,
    named,
    closest: weighed.find((candidate) => !named.includes(candidate)),
  };
  await record(deps.db, attribution, by);
  return attribution;
}

function weigh(keys: KeyRing, row: CandidateRow, sample: SampleMarks, logExports: number): AttributedExport {
  const marks = ExportMarks.of(keys, row.id);
  const carriers =
    typeof row.carriers === 'string'
      ? (row.carriers
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean) as Carrier[])
      : row.carriers;
  const evidence = evidenceFor(marks, carriers, new Set(honeyPseudonyms(marks, row.honey_rows)), sample);
  const logChance = Math.min(0, logExports + logChanceOfInnocentMatch(evidence.counts));
  return {
    id: row.id,
    requesterId: row.requester_id,
    purpose: row.purpose,
    fields: row.fields,
    format: row.format,
    requester: row.requester,
    approver: row.approver,
    requestedAt: iso(row.requested_at)!,
    decidedAt: iso(row.decided_at),
    readyAt: iso(row.ready_at),
    counts: evidence.counts,
    honeyRows: evidence.honeyRows,
    falseAccusation: probabilityText(logChance),
    log10FalseAccusation: logChance / Math.LN10,
  };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

async function record(db: Database, attribution: Attribution, by: Attributor): Promise<void> {
  const actor = 'actor' in by ? by.actor : undefined;
  const operator = 'operator' in by ? by.operator : undefined;
  const who = actor ? `${actor.username} (${actor.role})` : `the operator ${operator} at the command line`;
  await db.transaction(async (tx) => {
    const found = attribution.named.map((named) => `export ${named.id} by ${named.requester} (false accusation ≤ ${named.falseAccusation})`).join('; ');
    await appendAudit(tx, [
      {
        action: 'export-attribute',
        outcome: 'allowed',
        reason: `a sample of ${attribution.sample.rows} rows weighed against ${attribution.exportsWeighed} exports: it names ${found || 'none'}`,
        actorId: actor?.accountId,
        actorRole: actor?.role,
        sessionId: actor?.sessionId,
        address: actor?.address,
        detail: { named: attribution.named.map((named) => named.id), ...(operator ? { operator } : {}) },
      },
    ]);
    const now = new Date();
    for (const named of attribution.named.filter((candidate) => candidate.honeyRows > 0)) {
      const explanation = `${named.honeyRows} honey rows of export ${named.id} (requested by ${named.requester}${named.approver ? `, approved by ${named.approver}` : ''}, ${named.purpose}) were in a sample given by ${who}: that export's data is out`;
      await raiseAlert(
        tx,
        {
          accountId: named.requesterId,
          detector: 'export-leak',
          severity: 'high',
          explanation,
          evidence: { address: actor?.address, from: named.requestedAt, to: now.toISOString(), export: named.id },
        },
        false,
        now,
      );
    }
  });
}
