import { candidateTermSets } from '../leaks/candidate-terms.ts';
import type { LeakedRow } from '../leaks/leaked-rows.ts';
import { MATCH_AT, matchScore } from '../leaks/match-score.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Sql } from '../store/database.ts';
import type { ReadPatientRow } from '../store/patient-rows/patients.ts';
import { patientsMatching } from '../store/patient-rows/search.ts';
import { openResource } from './codec.ts';
import { gateStep } from './gate-role.ts';

/**
 * Breach response's one read of patient data: each row of a leaked sample weighed, inside
 * the gate, against the patients its blind-index terms point at. Only the patient's id,
 * the confidence and the fields that agreed come out — no identity — and each patient
 * matched is one ledger entry. Honey records matched are reported apart: a planted
 * patient in a published sample is the attacker's own trace.
 */
export interface RowMatch {
  line: number;
  patientId: string;
  establishmentId: string;
  confidence: number;
  agreed: string[];
  honey: boolean;
}

export interface Responder {
  /** Who responds, in the ledger's words: an officer's account, or the operator at the command line. */
  actorId?: string | undefined;
  actorRole?: string | undefined;
  sessionId?: string | undefined;
  operator?: string | undefined;
}

/** Patients looked at per term set: a common name and birth year in a large group stays bounded. */
const CANDIDATES_PER_SET = 200;

export const matchLeakedRows = (tx: Sql, keys: KeyRing, responder: Responder, caseId: string, rows: readonly LeakedRow[]): Promise<RowMatch[]> =>
  gateStep(tx, (gate) => match(gate, keys, responder, caseId, rows));

async function match(tx: Sql, keys: KeyRing, responder: Responder, caseId: string, rows: readonly LeakedRow[]): Promise<RowMatch[]> {
  const indexKey = keys.secret('index');
  const matches: RowMatch[] = [];
  const opened = new Map<string, { row: ReadPatientRow; patient: fhir4.Patient }>();
  for (const row of rows) {
    const candidates = new Map<string, { row: ReadPatientRow; patient: fhir4.Patient }>();
    for (const terms of candidateTermSets(indexKey, row)) {
      for (const found of await patientsMatching(tx, { kind: 'anyone' }, terms, undefined, CANDIDATES_PER_SET)) {
        if (!opened.has(found.id)) opened.set(found.id, { row: found, patient: openResource<fhir4.Patient>(keys, 'Patient', found) });
        candidates.set(found.id, opened.get(found.id)!);
      }
    }
    let best: RowMatch | undefined;
    let bestScore = MATCH_AT;
    for (const { row: stored, patient } of candidates.values()) {
      const { score, confidence, agreed } = matchScore(row, patient);
      if (score < bestScore) continue;
      bestScore = score;
      best = { line: row.line, patientId: stored.id, establishmentId: stored.establishment_id, confidence, agreed, honey: stored.honey };
    }
    if (best) matches.push(best);
  }
  const who = responder.operator ? `the operator ${responder.operator} at the command line` : `${responder.actorRole}`;
  await appendAudit(
    tx,
    matches.map((match) => ({
      action: 'breach-match' as const,
      outcome: 'allowed' as const,
      reason: `breach case ${caseId}: line ${match.line} of a leaked sample matched by ${who} (${match.agreed.join(', ')})`,
      actorId: responder.actorId,
      actorRole: responder.actorRole,
      sessionId: responder.sessionId,
      patientId: match.patientId,
      establishmentId: match.establishmentId,
      detail: { case: caseId, line: match.line, confidence: Number(match.confidence.toFixed(4)), honey: match.honey, basis: { kind: 'breach-response' } },
    })),
  );
  return matches;
}
