import { randomUUID } from 'node:crypto';
import { decideForPatients, mayBreakGlass } from '../access/need-to-know.ts';
import { mayRead } from '../access/rules.ts';
import { BREAK_GLASS_TEXT, breakGlassAad, isBreakGlassReason, type BreakGlassReason } from '../access/break-glass-reasons.ts';
import { sealPatientText } from './codec.ts';
import type { Actor } from '../domain/actor.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { patientById, type ReadPatientRow } from '../store/patient-rows/patients.ts';
import { isUuid } from '../domain/uuid.ts';
import { watchBreakGlass } from '../guard/break-glass-watch.ts';
import { foundBy } from './found.ts';
import { auditOf } from './entries.ts';
import type { GateDeps } from './gate.ts';
import { contained, forbidden, invalid, notOpen, RefusedError, type OutcomeIssue } from '../domain/refusals.ts';
import { inGate } from './gate-role.ts';

export interface BreakGlassRequest {
  patientId: string;
  reason: BreakGlassReason;
  text: string;
}

export interface OpenedBreakGlass {
  id: string;
  patientId: string;
  reason: BreakGlassReason;
  expiresAt: string;
}

/**
 * Break-glass (DESIGN invariant 4): a doctor or nurse opens a record they have no care
 * relationship with by stating why. The access lasts policy.breakGlassHours, every read
 * under it names it in the audit, and the security officer reviews it afterwards (at
 * once when the patient has a team elsewhere: break-glass-watch.ts).
 * It discloses nothing by itself; the reads that follow go through the gate.
 */
export async function openBreakGlass(deps: GateDeps, actor: Actor, input: BreakGlassAsked): Promise<OpenedBreakGlass> {
  const request = checkedRequest(input);
  const decision = mayBreakGlass(actor);
  if (!decision.allowed) {
    await appendAudit(deps.db, [auditOf(actor, 'break-glass', decision, 'Patient', request.patientId)]);
    throw forbidden(decision.reason);
  }
  const id = randomUUID();
  const opened = await inGate(deps.db, async (tx) => {
    const patient = await patientById(tx, request.patientId);
    // Breaking the glass on a honey record touches it: the guard contains, and that commits.
    if (patient?.honey) return deps.guard.admit(tx, actor, [{ patientId: patient.id, honey: true, decision }]);
    // Only on a patient the actor found or cares for: an id from a leaked list is answered as one that does not exist (invariants 9, 10).
    if (!patient || !(await mayBreakGlassOn(tx, deps, actor, patient))) {
      const entry = auditOf(
        actor,
        'break-glass',
        { allowed: false, reason: patient ? 'break-glass on a patient the actor neither found nor cares for' : 'no such patient' },
        'Patient',
        request.patientId,
        patient?.id,
        patient?.establishment_id,
      );
      await appendAudit(tx, [{ ...entry, outcome: patient ? 'refused' : 'failed' }]);
      return (await deps.guard.probed(tx, actor, patient ? 'refused' : 'missing', patient?.id)) ?? notOpen('Patient');
    }
    const text = sealPatientText(deps.keys, patient.establishment_id, breakGlassAad(id), request.text);
    const row = await tx.one<{
      expires_at: Date;
    }>(sql`INSERT INTO break_glass (id, account_id, patient_id, establishment_id, reason_code, reason_text, expires_at)
       VALUES (${id}, ${actor.accountId}, ${patient.id}, ${patient.establishment_id}, ${request.reason}, ${text}, now() + make_interval(hours => ${deps.policy.breakGlassHours})) RETURNING expires_at`);
    await appendAudit(tx, [
      auditOf(
        actor,
        'break-glass',
        {
          allowed: true,
          reason: `break-glass opened: ${request.reason}, for ${deps.policy.breakGlassHours} h, to be reviewed`,
          basis: { kind: 'break-glass', sourceId: id },
        },
        'Patient',
        patient.id,
        patient.id,
        patient.establishment_id,
      ),
    ]);
    await watchBreakGlass(tx, actor, patient.id, request.reason, deps.guard.now());
    return { id, patientId: patient.id, reason: request.reason, expiresAt: new Date(row!.expires_at).toISOString() };
  });
  if (!opened || opened instanceof RefusedError) throw opened ?? contained();
  return opened;
}

/** The patient was found by the actor's own identity lookup, or registered by it, or is already in its care. */
async function mayBreakGlassOn(tx: Sql, deps: GateDeps, actor: Actor, patient: ReadPatientRow): Promise<boolean> {
  if (await foundBy(tx, actor, patient.id)) return true;
  return (await decideForPatients(tx, actor, deps.policy, mayRead(actor, 'Patient'), [patient])).get(patient.id)!.allowed;
}

/** What the route's schema lets through (src/api/schemas/security.ts), and the drills send. */
export interface BreakGlassAsked {
  patient: string;
  reason: string;
  text: string;
}

/** What the request must mean: a patient's id, a reason Vigie knows, and words enough. */
function checkedRequest(body: BreakGlassAsked): BreakGlassRequest {
  const issues: OutcomeIssue[] = [];
  const problem = (field: string, diagnostics: string) => issues.push({ severity: 'error', code: 'invalid', diagnostics, expression: [field] });
  const patient = body.patient.replace(/^Patient\//, '');
  if (!isUuid(patient)) problem('patient', "Field 'patient' must be a Patient id or reference");
  if (!isBreakGlassReason(body.reason)) problem('reason', "Field 'reason' must be one of the break-glass reasons (GET /api/break-glass/reasons)");
  const text = body.text.trim();
  if (text.length < BREAK_GLASS_TEXT.min || text.length > BREAK_GLASS_TEXT.max) {
    problem('text', `Field 'text' must explain the reason in ${BREAK_GLASS_TEXT.min} to ${BREAK_GLASS_TEXT.max} characters`);
  }
  if (issues.length > 0) throw invalid(issues);
  return { patientId: patient, reason: body.reason as BreakGlassReason, text };
}
