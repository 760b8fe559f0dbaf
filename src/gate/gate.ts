import { mayRead, type Decision } from '../access/rules.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Actor } from '../identity/actor.ts';
import { appendAudit, type AuditAction, type AuditEntry } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { clinicalById, clinicalOfPatient, patientById, patientsMatching, type ClinicalRow, type PatientRow } from '../store/patient-rows.ts';
import { openResource } from './codec.ts';
import { patientQuery, type PatientCriteria } from './patient-search.ts';
import { forbidden, notFound } from './refusals.ts';

/**
 * The one disclosure gate (DESIGN invariant 1). Every piece of patient data that leaves
 * the store passes here: the access decision, the read, the decryption and one audit
 * entry per disclosed patient happen in a single transaction, so nothing is disclosed
 * without its trace and no trace is written for what was not disclosed.
 */
export interface GateDeps {
  db: Database;
  keys: KeyRing;
}

export interface PageRequest {
  count: number;
  /** Keyset cursor: the id after which the page starts. */
  after?: string | undefined;
}

export interface Page<T> {
  resources: T[];
  /** Cursor of the next page, when there may be one. */
  next?: string | undefined;
}

export class Gate {
  constructor(private readonly deps: GateDeps) {}

  async readPatient(actor: Actor, id: string): Promise<fhir4.Patient> {
    return this.disclose(actor, 'read', 'Patient', async (tx, decision) => {
      const row = isUuid(id) ? await patientById(tx, id) : undefined;
      if (!row) return missing(tx, actor, 'read', 'Patient', id);
      await appendAudit(tx, [auditOf(actor, 'read', decision, 'Patient', row.id, row.id, row.establishment_id)]);
      return openResource<fhir4.Patient>(this.deps.keys, 'Patient', row);
    });
  }

  async searchPatients(actor: Actor, criteria: PatientCriteria, page: PageRequest): Promise<Page<fhir4.Patient>> {
    const query = patientQuery(this.deps.keys.secret('index'), criteria);
    return this.disclose(actor, 'search', 'Patient', async (tx, decision) => {
      const rows = await patientsMatching(tx, query.terms, page.after, page.count);
      const found = rows
        .map((row) => ({ row, patient: openResource<fhir4.Patient>(this.deps.keys, 'Patient', row) }))
        .filter(({ patient }) => query.matches(patient));
      await appendAudit(
        tx,
        found.map(({ row }) => auditOf(actor, 'search', decision, 'Patient', row.id, row.id, row.establishment_id, { criteria: Object.keys(criteria) })),
      );
      return { resources: found.map(({ patient }) => patient), next: nextCursor(rows, page.count) };
    });
  }

  async readClinical(actor: Actor, type: string, id: string): Promise<fhir4.Resource> {
    return this.disclose(actor, 'read', type, async (tx, decision) => {
      const row = isUuid(id) ? await clinicalById(tx, type, id) : undefined;
      if (!row) return missing(tx, actor, 'read', type, id);
      await appendAudit(tx, [auditOf(actor, 'read', decision, type, row.id, row.patient_id, row.establishment_id)]);
      return openResource(this.deps.keys, type, row);
    });
  }

  async searchClinical(actor: Actor, type: string, patientId: string, page: PageRequest): Promise<Page<fhir4.Resource>> {
    return this.disclose(actor, 'search', type, async (tx, decision) => {
      const rows = isUuid(patientId) ? await clinicalOfPatient(tx, patientId, type, page.after, page.count) : [];
      if (rows.length > 0) {
        const first = rows[0]!;
        await appendAudit(tx, [auditOf(actor, 'search', decision, type, undefined, patientId, first.establishment_id, { count: rows.length })]);
      }
      return { resources: rows.map((row) => openResource(this.deps.keys, type, row)), next: nextCursor(rows, page.count) };
    });
  }

  /** Patient/$everything: the patient and every resource about them the actor may read. */
  async everything(actor: Actor, patientId: string, page: PageRequest): Promise<Page<fhir4.Resource>> {
    return this.disclose(actor, 'everything', 'Patient', async (tx, decision) => {
      const patient = isUuid(patientId) ? await patientById(tx, patientId) : undefined;
      if (!patient) return missing(tx, actor, 'everything', 'Patient', patientId);
      const rows = await clinicalOfPatient(tx, patientId, undefined, page.after, page.count);
      const readable = rows.filter((row) => mayRead(actor, row.type).allowed);
      const withheld = rows.length - readable.length;
      await appendAudit(tx, [
        auditOf(actor, 'everything', decision, 'Patient', patientId, patientId, patient.establishment_id, { count: readable.length + 1, withheld }),
      ]);
      const resources: fhir4.Resource[] = page.after ? [] : [openResource(this.deps.keys, 'Patient', patient)];
      resources.push(...readable.map((row) => openResource(this.deps.keys, row.type, row)));
      return { resources, next: nextCursor(rows, page.count) };
    });
  }

  /** Decides, then runs the read in one transaction; a refusal is audited and thrown. */
  private async disclose<T>(
    actor: Actor,
    action: AuditAction,
    resourceType: string,
    read: (tx: Sql, decision: Decision) => Promise<T | Missing>,
  ): Promise<T> {
    const decision = mayRead(actor, resourceType);
    if (!decision.allowed) {
      await appendAudit(this.deps.db, [auditOf(actor, action, decision, resourceType)]);
      throw forbidden(decision.reason);
    }
    const result = await this.deps.db.transaction((tx) => read(tx, decision));
    if (result instanceof Missing) throw notFound(result.what);
    return result;
  }
}

/** What was asked for does not exist: the transaction commits its audit entry, then 404. */
class Missing {
  constructor(readonly what: string) {}
}

/** A read of an id that does not exist is recorded too: id walking leaves a trace. */
async function missing(tx: Sql, actor: Actor, action: AuditAction, resourceType: string, id: string): Promise<Missing> {
  await appendAudit(tx, [{ ...auditOf(actor, action, { allowed: false, reason: 'no such resource' }, resourceType, id), outcome: 'failed' }]);
  return new Missing(`${resourceType}/${id}`);
}

/** Vigie assigns UUIDs; any other id cannot exist (and must not reach a uuid column). */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

function nextCursor(rows: ReadonlyArray<PatientRow | ClinicalRow>, count: number): string | undefined {
  return rows.length === count ? rows.at(-1)!.id : undefined;
}

export function auditOf(
  actor: Actor,
  action: AuditAction,
  decision: Decision,
  resourceType?: string,
  resourceId?: string,
  patientId?: string,
  establishmentId?: string,
  detail?: Record<string, unknown>,
): AuditEntry {
  return {
    action,
    outcome: decision.allowed ? 'allowed' : 'refused',
    reason: decision.reason,
    actorId: actor.accountId,
    actorRole: actor.role,
    sessionId: actor.sessionId,
    address: actor.address,
    resourceType,
    resourceId,
    patientId,
    establishmentId,
    detail,
  };
}
