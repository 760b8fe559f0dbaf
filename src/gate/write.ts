import { randomUUID } from 'node:crypto';
import { careLinksOf, idOf } from '../access/care-links.ts';
import { decideForPatients } from '../access/need-to-know.ts';
import { mayWrite, type Decision } from '../access/rules.ts';
import { patientSearchTerms } from '../crypto/blind-index.ts';
import { establishmentScope } from '../crypto/key-ring.ts';
import { validateResource } from '../domain/validate/index.ts';
import type { Actor } from '../domain/actor.ts';
import { appendAudit, type AuditEntry } from '../ledger/append.ts';
import { judgeRelationshipWrite } from '../access/relationship-writes.ts';
import { costOf } from '../guard/limits.ts';
import { foundBy } from './found.ts';
import { workplacesOf } from './workplaces.ts';
import type { Sql } from '../store/database.ts';
import { replaceCareLinks, type NewCareLink } from '../store/patient-rows/care-links.ts';
import { clinicalById, insertedClinicalRow, updateClinicalRow, type ClinicalRow } from '../store/patient-rows/clinical.ts';
import { insertedPatientRow, patientById, updatePatientRow, type PatientRow, type ReadPatientRow } from '../store/patient-rows/patients.ts';
import { openResource, sealResource } from './codec.ts';
import { isUuid } from '../domain/uuid.ts';
import { auditOf } from './entries.ts';
import type { GateDeps } from './gate.ts';
import { forbidden, invalid, notOpen, versionConflict, RefusedError } from '../domain/refusals.ts';
import { inGate } from './gate-role.ts';

type AnyResource = fhir4.Resource & { resourceType: string; id: string };

/**
 * Creates and updates. A write is validated in full before anything is written: a bad
 * request gets every problem in one OperationOutcome and changes nothing (invariant 8).
 * The row, its care relationships and the audit entry commit together. A write about a
 * patient the actor may not see is answered as one about a patient that does not exist
 * (invariant 10); a write that makes a care relationship is decided as a disclosure
 * (invariant 9, src/access/relationship-writes.ts).
 */
export class GateWrites {
  constructor(private readonly deps: GateDeps) {}

  async create(actor: Actor, input: unknown): Promise<fhir4.Resource> {
    const resource = await this.checked(actor, 'create', input);
    resource.id = randomUUID(); // the server names resources (FHIR create ignores a client id)
    const establishmentId = actor.establishmentId!;
    await this.deps.keys.ensure(this.deps.db, establishmentScope(establishmentId));
    return this.write(actor, 'create', resource, async (tx) => {
      if (resource.resourceType === 'Patient') {
        const row = await insertedPatientRow(tx, {
          id: resource.id,
          establishmentId,
          body: sealResource(this.deps.keys, establishmentId, resource),
          search: patientSearchTerms(this.deps.keys.secret('index'), resource as fhir4.Patient),
        });
        // A new record discloses nothing that existed: the treating doctor it names is the registering actor's to record.
        return { row, decision: mayWrite(actor, 'Patient') };
      }
      const patient = await this.subjectOf(tx, resource);
      if (!patient) return this.hidden(tx, actor, 'create', resource.resourceType, undefined, 'Patient');
      const decision = await this.mayWriteAbout(tx, actor, 'create', resource, patient);
      if (decision instanceof Refusal) return decision;
      const row = await insertedClinicalRow(tx, {
        id: resource.id,
        type: resource.resourceType,
        patientId: patient.id,
        establishmentId,
        body: sealResource(this.deps.keys, establishmentId, resource),
      });
      return { row, decision };
    });
  }

  async update(actor: Actor, type: string, id: string, input: unknown, ifMatch?: number): Promise<fhir4.Resource> {
    const resource = await this.checked(actor, 'update', input);
    if (resource.resourceType !== type || (resource.id !== undefined && resource.id !== id)) {
      throw invalid([{ severity: 'error', code: 'invalid', diagnostics: `The body must be the ${type} with id ${id}`, expression: [`${type}.id`] }]);
    }
    resource.id = id;
    return this.write(actor, 'update', resource, async (tx) => {
      const current = !isUuid(id) ? undefined : type === 'Patient' ? await patientById(tx, id) : await clinicalById(tx, type, id);
      const patient = !current ? undefined : type === 'Patient' ? (current as ReadPatientRow) : await patientById(tx, (current as ClinicalRow).patient_id);
      if (!current || !patient) return this.hidden(tx, actor, 'update', type, undefined, type, id);
      const decision = await this.mayWriteAbout(tx, actor, 'update', resource, patient, current.establishment_id, type);
      if (decision instanceof Refusal) return decision;
      if (ifMatch !== undefined && ifMatch !== current.version) throw versionConflict(`${type}/${id} is at version ${current.version}, not ${ifMatch}`);
      // A record stays encrypted under the key of the establishment that holds it.
      const body = sealResource(this.deps.keys, current.establishment_id, resource);
      const updated =
        type === 'Patient'
          ? await updatePatientRow(tx, id, current.version, body, patientSearchTerms(this.deps.keys.secret('index'), resource as fhir4.Patient))
          : await this.updateClinical(tx, resource, current.version, body, (current as ClinicalRow).patient_id);
      if (!updated) throw versionConflict(`${type}/${id} was changed by someone else; read it again`);
      return { decision, row: updated };
    });
  }

  private async updateClinical(tx: Sql, resource: AnyResource, version: number, body: Uint8Array, patientId: string) {
    if ((await this.subjectOf(tx, resource))?.id !== patientId) {
      throw invalid([
        { severity: 'error', code: 'invalid', diagnostics: 'A resource cannot be moved to another patient', expression: [`${resource.resourceType}.subject`] },
      ]);
    }
    return updateClinicalRow(tx, resource.id, version, body);
  }

  /** Role check and full validation, before any database work. */
  private async checked(actor: Actor, action: 'create' | 'update', input: unknown): Promise<AnyResource> {
    const issues = validateResource(input);
    if (issues.length > 0) throw invalid(issues);
    const resource = structuredClone(input) as AnyResource;
    const decision = mayWrite(actor, resource.resourceType);
    if (!decision.allowed) {
      await appendAudit(this.deps.db, [auditOf(actor, action, decision, resource.resourceType)]);
      throw forbidden(decision.reason);
    }
    return resource;
  }

  private async write(
    actor: Actor,
    action: 'create' | 'update',
    resource: AnyResource,
    store: (tx: Sql) => Promise<{ row: PatientRow & { patient_id?: string }; decision: Decision } | Refusal>,
  ): Promise<fhir4.Resource> {
    const attempt = inGate(this.deps.db, async (tx) => {
      const stored = await store(tx);
      // Refused before anything was written: the refusal's trace (and any containment) commits, the write never happened.
      if (stored instanceof Refusal) {
        await appendAudit(tx, [stored.entry]);
        return stored.error;
      }
      const { row, decision } = stored;
      const patientId = row.patient_id ?? row.id;
      await replaceCareLinks(tx, resource.id, careLinksOf(resource, row.establishment_id, new Date().toISOString()));
      await appendAudit(tx, [auditOf(actor, action, decision, resource.resourceType, row.id, patientId, row.establishment_id)]);
      return openResource(this.deps.keys, resource.resourceType, row);
    });
    const written = await attempt;
    if (written instanceof RefusedError) throw written;
    return written;
  }

  /**
   * Need to know applies to writes too. A honey record contains at the first touch. A
   * patient the actor may not see is answered as an unknown one and counted as a probe.
   * A write that makes no relationship needs the actor's current one (or, for admissions,
   * the establishment's patient); one that makes a relationship is judged by
   * judgeRelationshipWrite. A write answers back only what the actor sent, so it costs
   * no budget — except a relationship made outside the actor's care, which is access.
   */
  private async mayWriteAbout(
    tx: Sql,
    actor: Actor,
    action: 'create' | 'update',
    resource: AnyResource,
    patient: ReadPatientRow,
    establishmentId = actor.establishmentId!,
    asked = 'Patient',
  ): Promise<Decision | Refusal> {
    const type = resource.resourceType;
    if (patient.honey) {
      const refusal = await this.deps.guard.admit(tx, actor, [{ patientId: patient.id, honey: true, decision: mayWrite(actor, type) }]);
      return new Refusal(
        refusal!,
        auditOf(actor, action, { allowed: false, reason: `guard: ${refusal!.message}` }, type, undefined, patient.id, patient.establishment_id),
      );
    }
    const decision = [...(await decideForPatients(tx, actor, this.deps.policy, mayWrite(actor, type), [patient])).values()][0]!;
    const related = decision.allowed && costOf(decision.basis?.kind) === 0;
    const found = related || (actor.role === 'admissions' && patient.establishment_id === actor.establishmentId) || (await foundBy(tx, actor, patient.id));
    const links = careLinksOf(resource, establishmentId, new Date().toISOString());
    const makes = links.length > 0;
    if (makes ? !found : !decision.allowed) return this.hidden(tx, actor, action, type, patient, asked);
    if (!makes) return decision;
    return this.judged(tx, actor, action, type, links, patient, decision, related ? 'related' : 'found');
  }

  /** A relationship-making write, judged; outside the actor's care, charged to its budget (a burst meets its lines, as reads do). */
  private async judged(
    tx: Sql,
    actor: Actor,
    action: 'create' | 'update',
    type: string,
    links: readonly NewCareLink[],
    patient: ReadPatientRow,
    decision: Decision,
    standing: 'related' | 'found',
  ): Promise<Decision | Refusal> {
    const judged = judgeRelationshipWrite(actor, links, standing, patient.establishment_id, await workplacesOf(tx, links));
    const entry = (d: Decision) => auditOf(actor, action, d, type, undefined, patient.id, patient.establishment_id);
    if (!judged.allowed) return new Refusal(forbidden(judged.reason), entry(judged));
    if (standing === 'related') return decision;
    const refusal = await this.deps.guard.admit(tx, actor, [{ patientId: patient.id, honey: false, decision: judged }]);
    return refusal ? new Refusal(refusal, entry({ allowed: false, reason: `guard: ${refusal.message}` })) : judged;
  }

  /** Unknown, or not open to the actor: one answer (invariant 10), recorded, and counted as a probe. */
  private async hidden(
    tx: Sql,
    actor: Actor,
    action: 'create' | 'update',
    type: string,
    patient: ReadPatientRow | undefined,
    asked: string,
    id?: string,
  ): Promise<Refusal> {
    const reason = patient ? 'no current care relationship with this patient, nor found by the actor' : 'no such resource';
    const entry = {
      ...auditOf(actor, action, { allowed: false, reason }, type, id, patient?.id, patient?.establishment_id),
      outcome: patient ? ('refused' as const) : ('failed' as const),
    };
    const probe = await this.deps.guard.probed(tx, actor, patient ? 'refused' : 'missing', patient?.id);
    return new Refusal(probe ?? notOpen(asked), entry);
  }

  /** The patient a clinical resource is about, if it exists. */
  private async subjectOf(tx: Sql, resource: AnyResource): Promise<ReadPatientRow | undefined> {
    const reference = resource as { subject?: fhir4.Reference; patient?: fhir4.Reference; beneficiary?: fhir4.Reference };
    const patientId = idOf((reference.subject ?? reference.patient ?? reference.beneficiary)?.reference, 'Patient');
    return patientId && isUuid(patientId) ? await patientById(tx, patientId) : undefined;
  }
}

/** A refusal decided inside a write's transaction: its error, and the ledger entry that records it. */
class Refusal {
  constructor(
    readonly error: RefusedError,
    readonly entry: AuditEntry,
  ) {}
}
