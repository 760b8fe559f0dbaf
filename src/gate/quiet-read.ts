import { decisionsFrom, searchScope } from '../access/need-to-know.ts';
import type { AccessPolicy } from '../access/policy.ts';
import { mayReadContent } from '../access/addressed.ts';
import { bestRelationships, currentLinks, type LinkRow } from '../access/relationships.ts';
import { mayRead, type Decision } from '../access/rules.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import { samePlacement, type Actor } from '../domain/actor.ts';
import { isUuid } from '../domain/uuid.ts';
import type { Guard } from '../guard/guard.ts';
import type { AuditSink } from '../ledger/group-commit.ts';
import type { Database, Sql } from '../store/database.ts';
import { GATE_CLAIM } from '../store/gate-claim.ts';
import { clinicalOfPatient } from '../store/patient-rows/clinical.ts';
import { patientsMatching } from '../store/patient-rows/search.ts';
import { patientWithLinks, patientWithLinksInSession, type ReadPatientRow } from '../store/patient-rows/patients.ts';
import { sql } from '../store/sql.ts';
import { openResource } from './codec.ts';
import { auditOf, touchOf } from './entries.ts';
import { nextCursor, type Page, type PageRequest } from './pages.ts';
import type { PatientCriteria, PatientQuery } from './patient-search.ts';
import { openFound, searchEntries } from './search-results.ts';
import type { SessionCheck } from './session-check.ts';

export interface QuietReadDeps {
  db: Database;
  keys: KeyRing;
  policy: AccessPolicy;
  guard: Guard;
  audit: AuditSink;
}

/**
 * The common read, made cheap: a professional opening a patient they care for, whom the
 * guard passes without a statement of its own (Guard.passesQuietly). The patient and the
 * actor's links with them come in one statement, worked as the gate's role; the decision
 * is the one the gate's transaction would make (decisionsFrom, the same function); the
 * audit entry joins the next group commit, and the answer leaves only once it is durable.
 * No transaction is needed: the only write is the entry. Every other case — no such id,
 * no relationship, a honey record, a patient the guard charges or counts, an hour not yet
 * marked — answers undefined, and the gate's transaction decides, as it always did.
 */
export class QuietReads {
  private readonly gate: Sql;

  constructor(private readonly deps: QuietReadDeps) {
    this.gate = deps.db.asGate(GATE_CLAIM);
  }

  async patient(actor: Actor, id: string): Promise<fhir4.Patient | undefined> {
    const decided = await this.decided(actor, 'Patient', id);
    if (!decided) return undefined;
    const { row, decision } = decided;
    const patient = openResource<fhir4.Patient>(this.deps.keys, 'Patient', row);
    await this.deps.audit.append([auditOf(actor, 'read', decision, 'Patient', row.id, row.id, row.establishment_id)]);
    return patient;
  }

  /**
   * A Patient read with the request's session check in the same statement: one round trip
   * for the session, the decision and the row. The session is admitted first, whatever
   * follows; the links read are those of the actor the token had, so when the session's
   * actor is placed otherwise (moved to another unit since), nothing read is used.
   */
  async patientInSession(check: SessionCheck, id: string): Promise<{ actor: Actor; patient?: fhir4.Patient }> {
    const roleDecision = mayRead(check.expected, 'Patient');
    const links = (isUuid(id) && roleDecision.allowed && currentLinks(check.expected, this.deps.policy, [id])) || NO_LINKS;
    const found = await patientWithLinksInSession<LinkRow>(this.gate, check.ctes, isUuid(id) ? id : NO_ID, links);
    const actor = await check.admit(found?.session);
    const row = found?.patient;
    if (!row || links === NO_LINKS || !samePlacement(actor, check.expected)) return { actor };
    const decision = this.quietDecision(actor, roleDecision, row);
    if (!decision) return { actor };
    const patient = openResource<fhir4.Patient>(this.deps.keys, 'Patient', row);
    await this.deps.audit.append([auditOf(actor, 'read', decision, 'Patient', row.id, row.id, row.establishment_id)]);
    return { actor, patient };
  }

  /** Patient/$everything, its first page or the next, when every resource on it is one the actor may read. */
  async everything(actor: Actor, patientId: string, page: PageRequest): Promise<Page<fhir4.Resource> | undefined> {
    const decided = await this.decided(actor, 'Patient', patientId);
    if (!decided) return undefined;
    const { row, decision } = decided;
    const rows = await clinicalOfPatient(this.gate, patientId, undefined, page.after, page.count);
    if (!rows.every((clinical) => mayRead(actor, clinical.type).allowed)) return undefined;
    const readable = rows.map((clinical) => openResource(this.deps.keys, clinical.type, clinical));
    if (!readable.every((resource) => mayReadContent(actor, decision, resource))) return undefined;
    await this.deps.audit.append([
      auditOf(actor, 'everything', decision, 'Patient', patientId, patientId, row.establishment_id, { count: readable.length + 1, withheld: 0 }),
    ]);
    const resources: fhir4.Resource[] = page.after ? [] : [openResource(this.deps.keys, 'Patient', row)];
    resources.push(...readable);
    return { resources, next: nextCursor(rows, page.count), reasons: new Map([[patientId, decision]]) };
  }

  /**
   * A search among the actor's own patients (not an identity lookup, which reaches
   * further): the rows come with their links, so the decisions need no second query.
   */
  async patients(actor: Actor, criteria: PatientCriteria, query: PatientQuery, page: PageRequest): Promise<Page<fhir4.Patient> | undefined> {
    const roleDecision = mayRead(actor, 'Patient');
    const scope = roleDecision.allowed && !query.identityLookup ? searchScope(actor, this.deps.policy, query.terms.length > 0) : undefined;
    if (scope?.kind !== 'linked') return undefined;
    const rows = await patientsMatching(this.gate, scope, query.terms, page.after, page.count);
    const found = openFound(this.deps.keys, rows, query);
    const relationships = bestRelationships(found.flatMap(({ row }) => (row.links ?? []) as LinkRow[]));
    const decisions = decisionsFrom(
      actor,
      roleDecision,
      found.map(({ row }) => row),
      relationships,
    );
    const disclosed = found.map((one) => ({ ...one, decision: decisions.get(one.row.id)! }));
    if (
      !this.deps.guard.passesQuietly(
        actor,
        disclosed.map(({ row, decision }) => touchOf(row, decision)),
      )
    )
      return undefined;
    await this.deps.audit.append(searchEntries(actor, criteria, disclosed));
    return {
      resources: disclosed.map(({ patient }) => patient),
      next: nextCursor(rows, page.count),
      reasons: new Map(disclosed.map(({ row, decision }) => [row.id, decision])),
    };
  }

  /** The patient and the decision about them, when it allows and the guard would pass it without a word. */
  private async decided(actor: Actor, resourceType: string, id: string): Promise<{ row: ReadPatientRow; decision: Decision } | undefined> {
    const roleDecision = mayRead(actor, resourceType);
    const links = isUuid(id) && roleDecision.allowed ? currentLinks(actor, this.deps.policy, [id]) : undefined;
    if (!links) return undefined;
    const row = await patientWithLinks<LinkRow>(this.gate, id, links);
    const decision = row && this.quietDecision(actor, roleDecision, row);
    return decision && { row: row!, decision };
  }

  /** The decision about a patient read with the actor's links to them, if it allows and the guard would pass it without a word. */
  private quietDecision(actor: Actor, roleDecision: Decision, row: ReadPatientRow & { links: LinkRow[] }): Decision | undefined {
    const decision = decisionsFrom(actor, roleDecision, [row], bestRelationships(row.links)).get(row.id)!;
    return this.deps.guard.passesQuietly(actor, [touchOf(row, decision)]) ? decision : undefined;
  }
}

/** No links to read (an id that is no uuid, a role that reads no Patient): the statement checks the session only. */
const NO_LINKS = sql`SELECT NULL::uuid AS patient_id, NULL AS kind, NULL::uuid AS source_id WHERE false`;
const NO_ID = '00000000-0000-0000-0000-000000000000';
