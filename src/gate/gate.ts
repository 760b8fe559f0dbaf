import { decideForPatients, searchScope } from '../access/need-to-know.ts';
import type { AccessPolicy } from '../access/policy.ts';
import { mayReadContent } from '../access/addressed.ts';
import { mayRead, type Decision } from '../access/rules.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Actor } from '../domain/actor.ts';
import type { Guard, Touch } from '../guard/guard.ts';
import { appendAudit, type AuditAction } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { clinicalById, clinicalOfPatient } from '../store/patient-rows/clinical.ts';
import { patientById, type PatientRow } from '../store/patient-rows/patients.ts';
import { patientsMatching } from '../store/patient-rows/search.ts';
import { openResource, resourceJsonOf, type ResourceJson } from './codec.ts';
import { inGate } from './gate-role.ts';
import { patientQuery, type PatientCriteria, type PatientQuery } from './patient-search.ts';
import { IDENTITY_LOOKUP_MAX, openFound, searchEntries } from './search-results.ts';
import { isUuid } from '../domain/uuid.ts';
import { auditOf, touchOf } from './entries.ts';
import { nextCursor, type Page, type PageRequest } from './pages.ts';
import { QuietReads } from './quiet-read.ts';
import type { SessionCheck } from './session-check.ts';
import { ReadGroups } from './read-groups.ts';
import { forbidden, notOpen, type RefusedError } from '../domain/refusals.ts';

/**
 * The one disclosure gate (DESIGN invariant 1). Every piece of patient data that leaves
 * the store passes here: the access decision, the read, the decryption and one audit
 * entry per disclosed patient happen in a single transaction, so nothing is disclosed
 * without its trace and no trace is written for what was not disclosed. The guard sees
 * every patient a request would touch before anything is read out, and may contain the
 * actor or ask for a step-up instead (src/guard). The common case — a patient the actor
 * cares for, whom the guard passes without a statement — is answered by a quiet read
 * (quiet-read.ts): the same decision, in a transaction shared with other reads (one
 * commit for all), its entry durable before it leaves.
 */
export interface GateDeps {
  db: Database;
  keys: KeyRing;
  policy: AccessPolicy;
  guard: Guard;
  /** Where the quiet reads are committed together (one per process); its own if not given. */
  groups?: ReadGroups;
}

export class Gate {
  private readonly quiet: QuietReads;

  constructor(private readonly deps: GateDeps) {
    this.quiet = new QuietReads({ ...deps, groups: deps.groups ?? new ReadGroups(deps.db) });
  }

  async readPatient(actor: Actor, id: string): Promise<fhir4.Patient> {
    return (await this.quiet.patient(actor, id)) ?? this.readPatientInTransaction(actor, id);
  }

  /** A Patient read whose session check the gate runs, in the statement of a quiet read (session-check.ts). */
  async readPatientInSession(check: SessionCheck, id: string): Promise<ResourceJson> {
    const { actor, patient } = await this.quiet.patientInSession(check, id);
    return patient ?? resourceJsonOf(await this.readPatientInTransaction(actor, id));
  }

  private readPatientInTransaction(actor: Actor, id: string): Promise<fhir4.Patient> {
    return this.disclose(actor, 'read', 'Patient', async (tx, roleDecision) => {
      const row = isUuid(id) ? await patientById(tx, id) : undefined;
      if (!row) return this.missing(tx, actor, 'read', 'Patient', id);
      const decision = await this.decideOne(tx, actor, roleDecision, row);
      const guarded = await this.guard(tx, actor, [touchOf(row, decision)]);
      await appendAudit(tx, [auditOf(actor, 'read', guarded?.decision ?? decision, 'Patient', row.id, row.id, row.establishment_id)]);
      if (guarded) return guarded.withheld;
      if (!decision.allowed) return this.refused(tx, actor, 'Patient', row.id);
      return openResource<fhir4.Patient>(this.deps.keys, 'Patient', row);
    });
  }

  /**
   * A patient's own identity, for the portal: the one record an account of role patient
   * may open, recorded in the ledger like any other disclosure.
   */
  async readOwnRecord(actor: Actor): Promise<fhir4.Patient> {
    const patientId = actor.role === 'patient' ? actor.patientId : undefined;
    const roleDecision: Decision = patientId
      ? { allowed: true, reason: 'role patient: their own record' }
      : { allowed: false, reason: `role ${actor.role} has no record of its own in the portal` };
    return this.disclose(
      actor,
      'read',
      'Patient',
      async (tx) => {
        const row = await patientById(tx, patientId!);
        if (!row) return this.missing(tx, actor, 'read', 'Patient', patientId!);
        const decision: Decision = { allowed: true, reason: 'the patient reads their own record, in the portal', basis: { kind: 'own-record' } };
        const guarded = await this.guard(tx, actor, [touchOf(row, decision)]);
        await appendAudit(tx, [auditOf(actor, 'read', guarded?.decision ?? decision, 'Patient', row.id, row.id, row.establishment_id)]);
        if (guarded) return guarded.withheld;
        return openResource<fhir4.Patient>(this.deps.keys, 'Patient', row);
      },
      roleDecision,
    );
  }

  /**
   * A search returns only patients the actor may see; an identity lookup (exact NIR, or
   * exact names with the birth date) may reach further, for IDENTITY_LOOKUP_MAX matches.
   */
  async searchPatients(actor: Actor, criteria: PatientCriteria, page: PageRequest): Promise<Page<fhir4.Patient>> {
    const query = patientQuery(this.deps.keys.secret('index'), criteria);
    return (await this.quiet.patients(actor, criteria, query, page)) ?? this.searchPatientsInTransaction(actor, criteria, query, page);
  }

  private searchPatientsInTransaction(actor: Actor, criteria: PatientCriteria, query: PatientQuery, page: PageRequest): Promise<Page<fhir4.Patient>> {
    return this.disclose(actor, 'search', 'Patient', async (tx, roleDecision) => {
      const lookup = query.identityLookup;
      const scope = lookup ? { kind: 'anyone' as const } : searchScope(actor, this.deps.policy, query.terms.length > 0);
      if (!scope) return { resources: [] };
      const limit = lookup ? IDENTITY_LOOKUP_MAX + 1 : page.count;
      const rows = await patientsMatching(tx, scope, query.terms, lookup ? undefined : page.after, limit);
      const found = openFound(this.deps.keys, rows, query);
      const decisions = await decideForPatients(
        tx,
        actor,
        this.deps.policy,
        roleDecision,
        found.map(({ row }) => row),
      );
      const disclosed = found.flatMap(({ row, patient }) => {
        const decision = decisions.get(row.id)!;
        if (decision.allowed) return [{ row, patient, decision }];
        // Outside the actor's relationships only an identity lookup finds a patient.
        return lookup ? [{ row, patient, decision: lookupDecision(lookup) }] : [];
      });
      const guarded = await this.guard(
        tx,
        actor,
        disclosed.map(({ row, decision }) => touchOf(row, decision)),
      );
      if (guarded) {
        await appendAudit(tx, [
          auditOf(actor, 'search', guarded.decision, 'Patient', undefined, undefined, undefined, {
            criteria: Object.keys(criteria),
            withheld: disclosed.length,
          }),
        ]);
        return guarded.withheld;
      }
      await appendAudit(tx, searchEntries(actor, criteria, disclosed));
      return {
        resources: disclosed.map(({ patient }) => patient),
        next: lookup ? undefined : nextCursor(rows, page.count),
        reasons: new Map(disclosed.map(({ row, decision }) => [row.id, decision])),
      };
    });
  }

  async readClinical(actor: Actor, type: string, id: string): Promise<fhir4.Resource> {
    return this.disclose(actor, 'read', type, async (tx, roleDecision) => {
      const row = isUuid(id) ? await clinicalById(tx, type, id) : undefined;
      const patient = row && (await patientById(tx, row.patient_id));
      if (!row || !patient) return this.missing(tx, actor, 'read', type, id);
      const related = await this.decideOne(tx, actor, roleDecision, patient);
      const resource = related.allowed ? openResource(this.deps.keys, type, row) : undefined;
      const decision = !resource || mayReadContent(actor, related, resource) ? related : NOT_ADDRESSED;
      const guarded = await this.guard(tx, actor, [touchOf(patient, decision)]);
      await appendAudit(tx, [auditOf(actor, 'read', guarded?.decision ?? decision, type, row.id, row.patient_id, row.establishment_id)]);
      if (guarded) return guarded.withheld;
      if (!decision.allowed) return this.refused(tx, actor, type, row.patient_id);
      return resource!;
    });
  }

  async searchClinical(actor: Actor, type: string, patientId: string, page: PageRequest): Promise<Page<fhir4.Resource>> {
    return this.disclose(actor, 'search', type, async (tx, roleDecision) => {
      const patient = isUuid(patientId) ? await patientById(tx, patientId) : undefined;
      if (!patient) return this.missing(tx, actor, 'search', 'Patient', patientId, type);
      const decision = await this.decideOne(tx, actor, roleDecision, patient);
      const guarded = await this.guard(tx, actor, [touchOf(patient, decision)]);
      if (guarded || !decision.allowed) {
        await appendAudit(tx, [auditOf(actor, 'search', guarded?.decision ?? decision, type, undefined, patientId, patient.establishment_id)]);
        return guarded ? guarded.withheld : this.refused(tx, actor, 'Patient', patientId);
      }
      const rows = await clinicalOfPatient(tx, patientId, type, page.after, page.count);
      const resources = rows.map((row) => openResource(this.deps.keys, type, row)).filter((resource) => mayReadContent(actor, decision, resource));
      if (resources.length > 0) {
        await appendAudit(tx, [auditOf(actor, 'search', decision, type, undefined, patientId, patient.establishment_id, { count: resources.length })]);
      }
      return { resources, next: nextCursor(rows, page.count) };
    });
  }

  /** Patient/$everything: the patient and every resource about them the actor may read. */
  async everything(actor: Actor, patientId: string, page: PageRequest): Promise<Page<fhir4.Resource>> {
    return (await this.quiet.everything(actor, patientId, page)) ?? this.everythingInTransaction(actor, patientId, page);
  }

  private everythingInTransaction(actor: Actor, patientId: string, page: PageRequest): Promise<Page<fhir4.Resource>> {
    return this.disclose(actor, 'everything', 'Patient', async (tx, roleDecision) => {
      const patient = isUuid(patientId) ? await patientById(tx, patientId) : undefined;
      if (!patient) return this.missing(tx, actor, 'everything', 'Patient', patientId);
      const decision = await this.decideOne(tx, actor, roleDecision, patient);
      const guarded = await this.guard(tx, actor, [touchOf(patient, decision)]);
      if (guarded || !decision.allowed) {
        await appendAudit(tx, [auditOf(actor, 'everything', guarded?.decision ?? decision, 'Patient', patientId, patientId, patient.establishment_id)]);
        return guarded ? guarded.withheld : this.refused(tx, actor, 'Patient', patientId);
      }
      const rows = await clinicalOfPatient(tx, patientId, undefined, page.after, page.count);
      const readable = rows
        .filter((row) => mayRead(actor, row.type).allowed)
        .map((row) => openResource(this.deps.keys, row.type, row))
        .filter((resource) => mayReadContent(actor, decision, resource));
      const withheld = rows.length - readable.length;
      await appendAudit(tx, [
        auditOf(actor, 'everything', decision, 'Patient', patientId, patientId, patient.establishment_id, { count: readable.length + 1, withheld }),
      ]);
      const resources: fhir4.Resource[] = page.after ? [] : [openResource(this.deps.keys, 'Patient', patient)];
      resources.push(...readable);
      return { resources, next: nextCursor(rows, page.count), reasons: new Map([[patientId, decision]]) };
    });
  }

  /** The guard's answer about the patients a request would touch: a refusal to record and throw, or undefined to go on. */
  private async guard(tx: Sql, actor: Actor, touches: readonly Touch[]): Promise<{ decision: Decision; withheld: Withheld } | undefined> {
    const refusal = await this.deps.guard.admit(tx, actor, touches);
    return refusal && { decision: { allowed: false, reason: `guard: ${refusal.message}` }, withheld: new Withheld(refusal) };
  }

  /**
   * A refusal for want of a relationship: counted by the guard as a probe, which may
   * contain the actor, and answered as an id that does not exist is (invariant 10); the
   * ledger keeps the reason.
   */
  private async refused(tx: Sql, actor: Actor, asked: string, patientId: string): Promise<Withheld> {
    return new Withheld((await this.deps.guard.probed(tx, actor, 'refused', patientId)) ?? notOpen(asked));
  }

  /** A read of an id that does not exist is recorded too: id walking leaves a trace, and the guard counts it. */
  private async missing(tx: Sql, actor: Actor, action: AuditAction, asked: string, id: string, resourceType = asked): Promise<Withheld> {
    await appendAudit(tx, [{ ...auditOf(actor, action, { allowed: false, reason: 'no such resource' }, resourceType, id), outcome: 'failed' }]);
    return new Withheld((await this.deps.guard.probed(tx, actor, 'missing', undefined)) ?? notOpen(asked));
  }

  /** The role rule and the patient-level decision, for one patient. */
  private async decideOne(tx: Sql, actor: Actor, roleDecision: Decision, patient: PatientRow): Promise<Decision> {
    return (await decideForPatients(tx, actor, this.deps.policy, roleDecision, [patient])).get(patient.id)!;
  }

  /**
   * Checks the role rule, then runs the read in one transaction. A role refusal is
   * audited and thrown at once; a refusal found inside (no relationship, no such id) is
   * audited in the transaction, which commits, and thrown after.
   */
  private async disclose<T>(
    actor: Actor,
    action: AuditAction,
    resourceType: string,
    read: (tx: Sql, decision: Decision) => Promise<T | Withheld>,
    /** The role rule, when it is not the per-type one (the portal's own record). */
    roleDecision?: Decision,
  ): Promise<T> {
    const decision = roleDecision ?? mayRead(actor, resourceType);
    if (!decision.allowed) {
      // A role that reads no such data asking for it again and again is probing too (T1: a privileged account trying patients).
      throw await inGate(this.deps.db, async (tx) => {
        await appendAudit(tx, [auditOf(actor, action, decision, resourceType)]);
        return (await this.deps.guard.probed(tx, actor, 'refused', undefined)) ?? forbidden(decision.reason);
      });
    }
    const result = await inGate(this.deps.db, (tx) => read(tx, decision));
    if (result instanceof Withheld) throw result.error;
    return result;
  }
}

/** A resource of the chart a treating-doctor link alone does not open (src/access/addressed.ts). */
const NOT_ADDRESSED: Decision = { allowed: false, reason: 'treating doctor: this resource is not addressed to them, and no other care relationship opens it' };

function lookupDecision(kind: 'nir' | 'name-and-birth-date'): Decision {
  const how = kind === 'nir' ? 'exact NIR' : 'exact names and birth date';
  return { allowed: true, reason: `identity lookup by ${how}, outside the actor's care relationships`, basis: { kind: 'identity-lookup' } };
}

/** Nothing is disclosed: the transaction commits its audit entry, then the refusal is thrown. */
class Withheld {
  constructor(readonly error: RefusedError) {}
}
