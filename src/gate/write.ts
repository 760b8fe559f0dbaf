import { randomUUID } from 'node:crypto';
import { careLinksOf, idOf } from '../access/care-links.ts';
import { decideForPatients } from '../access/need-to-know.ts';
import { mayWrite, type Decision } from '../access/rules.ts';
import { patientSearchTerms } from '../crypto/blind-index.ts';
import { establishmentScope } from '../crypto/key-ring.ts';
import { validateResource } from '../domain/validate/index.ts';
import type { Actor } from '../identity/actor.ts';
import { appendAudit, type AuditEntry } from '../ledger/append.ts';
import type { Sql } from '../store/database.ts';
import {
  clinicalById,
  insertedClinicalRow,
  insertedPatientRow,
  patientById,
  replaceCareLinks,
  updateClinicalRow,
  updatePatientRow,
  type ClinicalRow,
  type PatientRow,
  type ReadPatientRow,
} from '../store/patient-rows.ts';
import { openResource, sealResource } from './codec.ts';
import { isUuid } from '../domain/uuid.ts';
import { auditOf, type GateDeps } from './gate.ts';
import { forbidden, invalid, notFound, versionConflict, RefusedError } from './refusals.ts';

type AnyResource = fhir4.Resource & { resourceType: string; id: string };

/**
 * Creates and updates. A write is validated in full before anything is written: a bad
 * request gets every problem in one OperationOutcome and changes nothing (invariant 8).
 * The row, its care relationships and the audit entry commit together.
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
        return { row, decision: mayWrite(actor, 'Patient') };
      }
      const patient = await this.subjectOf(tx, resource);
      const decision = await this.mayWriteAbout(tx, actor, 'create', resource.resourceType, patient);
      if (decision instanceof RefusedError) return decision;
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
      if (!current) throw notFound(`${type}/${id}`);
      const patient = type === 'Patient' ? (current as ReadPatientRow) : await patientById(tx, (current as ClinicalRow).patient_id);
      const decision = await this.mayWriteAbout(tx, actor, 'update', type, patient!);
      if (decision instanceof RefusedError) return decision;
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
    if ((await this.subjectOf(tx, resource)).id !== patientId) {
      throw invalid([{ severity: 'error', code: 'invalid', diagnostics: 'A resource cannot be moved to another patient', expression: [`${resource.resourceType}.subject`] }]);
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
    store: (tx: Sql) => Promise<{ row: PatientRow & { patient_id?: string }; decision: Decision } | RefusedError>,
  ): Promise<fhir4.Resource> {
    const attempt = this.deps.db.transaction(async (tx) => {
      const stored = await store(tx);
      // The guard refused before anything was written: its containment commits, the write never happened.
      if (stored instanceof RefusedError) {
        await appendAudit(tx, [auditOf(actor, action, { allowed: false, reason: `guard: ${stored.message}` }, resource.resourceType)]);
        return stored;
      }
      const { row, decision } = stored;
      const patientId = row.patient_id ?? row.id;
      await replaceCareLinks(tx, resource.id, careLinksOf(resource, row.establishment_id, new Date().toISOString()));
      await appendAudit(tx, [
        auditOf(actor, action, decision, resource.resourceType, row.id, patientId, row.establishment_id),
      ]);
      return openResource(this.deps.keys, resource.resourceType, row);
    });
    const written = await attempt.catch(async (error: unknown) => {
      if (!(error instanceof WriteRefused)) throw error;
      await appendAudit(this.deps.db, [error.entry]);
      throw forbidden(error.entry.reason);
    });
    if (written instanceof RefusedError) throw written;
    return written;
  }

  /**
   * Need to know applies to writes too: a care relationship with the patient (or, for
   * admissions, the establishment's patient). Admitting a patient — an Encounter written
   * by admissions — is how a relationship begins, so it needs none. A refusal is thrown
   * out of the transaction and audited by `write`. A write answers back only what the
   * actor sent, so it costs no budget; but writing about a honey record touches it, and
   * the guard's containment is returned, to commit without the write.
   */
  private async mayWriteAbout(tx: Sql, actor: Actor, action: 'create' | 'update', type: string, patient: ReadPatientRow): Promise<Decision | RefusedError> {
    const decision =
      actor.role === 'admissions' && type === 'Encounter' && action === 'create'
        ? { allowed: true, reason: 'admissions: admitting the patient (the stay creates the care relationship)', basis: { kind: 'admission' } }
        : [...(await decideForPatients(tx, actor, this.deps.policy, mayWrite(actor, type), [patient])).values()][0]!;
    if (!decision.allowed) throw new WriteRefused(auditOf(actor, action, decision, type, undefined, patient.id, patient.establishment_id));
    if (!patient.honey) return decision;
    return (await this.deps.guard.admit(tx, actor, [{ patientId: patient.id, honey: true, decision }])) ?? decision;
  }

  /** The patient a clinical resource is about; it must exist. */
  private async subjectOf(tx: Sql, resource: AnyResource): Promise<ReadPatientRow> {
    const reference = (resource as { subject?: fhir4.Reference; patient?: fhir4.Reference; beneficiary?: fhir4.Reference });
    const ref = reference.subject ?? reference.patient ?? reference.beneficiary;
    const patientId = idOf(ref?.reference, 'Patient');
    const patient = patientId && isUuid(patientId) ? await patientById(tx, patientId) : undefined;
    if (!patient) {
      throw new RefusedError(400, [
        { severity: 'error', code: 'invalid', diagnostics: `Unknown patient ${ref?.reference ?? '(none)'}`, expression: [`${resource.resourceType}.subject`] },
      ]);
    }
    return patient;
  }
}

/** A write refused inside its transaction: rolled back, then audited on its own. */
class WriteRefused extends Error {
  constructor(readonly entry: AuditEntry) {
    super(entry.reason);
  }
}
