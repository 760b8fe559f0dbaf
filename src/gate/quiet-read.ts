import { decisionsFrom, searchScope } from '../access/need-to-know.ts';
import type { AccessPolicy } from '../access/policy.ts';
import { mayReadContent } from '../access/addressed.ts';
import { bestRelationships, currentLinks, currentLinksOfRow, type LinkRow } from '../access/relationships.ts';
import { mayRead, type Decision } from '../access/rules.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Actor } from '../domain/actor.ts';
import { isUuid, NIL_UUID } from '../domain/uuid.ts';
import type { Guard } from '../guard/guard.ts';
import type { Database, Sql } from '../store/database.ts';
import { clinicalOfPatient } from '../store/patient-rows/clinical.ts';
import { patientsMatching } from '../store/patient-rows/search.ts';
import { patientWithLinks, patientsInSessions, type ReadPatientRow, type SessionAsk, type SessionRead } from '../store/patient-rows/patients.ts';
import { sql, type Statement } from '../store/sql.ts';
import { openResource, openResourceJson, type ResourceJson } from './codec.ts';
import { auditOf, touchOf } from './entries.ts';
import { nextCursor, type Page, type PageRequest } from './pages.ts';
import type { PatientCriteria, PatientQuery } from './patient-search.ts';
import { openFound, searchEntries } from './search-results.ts';
import type { SessionCheck } from './session-check.ts';
import type { Batch, GroupedRead, ReadGroups } from './read-groups.ts';

export interface QuietReadDeps {
  db: Database;
  keys: KeyRing;
  policy: AccessPolicy;
  guard: Guard;
  groups: ReadGroups;
}

/**
 * The common read, made cheap: a professional opening a patient they care for, whom the
 * guard passes without a statement of its own (Guard.passesQuietly). The patient and the
 * actor's links with them come in one statement (with the session check, when the API
 * hands it over); the decision is the one the gate's own transaction would make
 * (decisionsFrom, the same function); the read and its ledger entry are in one
 * transaction as the gate's role, shared with the reads that arrived meanwhile
 * (read-groups.ts), and the answer leaves only once it has committed. Every other case —
 * no such id, no relationship, a honey record, a patient the guard charges or counts, an
 * hour not yet marked — answers undefined with nothing written, and the gate's own
 * transaction decides, as it always did.
 */
export class QuietReads {
  /** The links of each `live` row's actor with the patient `p`, the same for every group. */
  private readonly linksOfLive: Statement;

  constructor(private readonly deps: QuietReadDeps) {
    this.linksOfLive = currentLinksOfRow(sql`live`, deps.policy, sql`p.id`);
  }

  patient(actor: Actor, id: string): Promise<fhir4.Patient | undefined> {
    return this.deps.groups.run(async (tx) => {
      const decided = await this.decided(tx, actor, 'Patient', id);
      return decided ? this.disclosedPatient(actor, decided.row, decided.decision) : NOTHING;
    });
  }

  /**
   * A Patient read with the request's session check in the same statement, itself shared
   * with the other such reads of its group: one round trip for the sessions, the links of
   * each session's actor as it is now, and the rows. The session is admitted first, whatever follows.
   */
  async patientInSession(check: SessionCheck, id: string): Promise<{ actor: Actor; patient?: ResourceJson }> {
    const ask = { tokenHash: check.tokenHash, patientId: isUuid(id) ? id : NO_ID, check };
    const read = await this.deps.groups.runBatched(this.sessionReads, ask, (found): GroupedRead<{ live: unknown; patient?: ResourceJson }> => {
      const actor = found && check.admissible(found.session);
      const row = found?.patient;
      const roleDecision = actor && mayRead(actor, 'Patient');
      const decision = roleDecision?.allowed && row ? this.quietDecision(actor!, roleDecision, row) : undefined;
      if (!decision) return { entries: [], result: { live: found?.session } };
      return {
        entries: [this.readEntry(actor!, row!, decision)],
        result: { live: found!.session, patient: openResourceJson(this.deps.keys, 'Patient', row!) },
      };
    });
    // Admitted after the transaction: refusing a token used elsewhere closes sessions, in a transaction of its own.
    return { actor: await check.admit(read.live), patient: read.patient };
  }

  /** The Patient reads of a group asked with their sessions: one statement (every check's `sessions` is the same function). */
  private readonly sessionReads: Batch<SessionAsk & { check: SessionCheck }, SessionRead<LinkRow>> = {
    rows: (tx, asks) => patientsInSessions<LinkRow>(tx, asks, asks[0]!.check.sessions, this.linksOfLive),
  };

  /** Patient/$everything, its first page or the next, when every resource on it is one the actor may read. */
  everything(actor: Actor, patientId: string, page: PageRequest): Promise<Page<fhir4.Resource> | undefined> {
    return this.deps.groups.run(async (tx) => {
      const decided = await this.decided(tx, actor, 'Patient', patientId);
      if (!decided) return NOTHING;
      const { row, decision } = decided;
      const rows = await clinicalOfPatient(tx, patientId, undefined, page.after, page.count);
      if (!rows.every((clinical) => mayRead(actor, clinical.type).allowed)) return NOTHING;
      const readable = rows.map((clinical) => openResource(this.deps.keys, clinical.type, clinical));
      if (!readable.every((resource) => mayReadContent(actor, decision, resource))) return NOTHING;
      const resources: fhir4.Resource[] = page.after ? [] : [openResource(this.deps.keys, 'Patient', row)];
      resources.push(...readable);
      return {
        entries: [auditOf(actor, 'everything', decision, 'Patient', patientId, patientId, row.establishment_id, { count: readable.length + 1, withheld: 0 })],
        result: { resources, next: nextCursor(rows, page.count), reasons: new Map([[patientId, decision]]) },
      };
    });
  }

  /**
   * A search among the actor's own patients (not an identity lookup, which reaches
   * further): the rows come with their links, so the decisions need no second query.
   */
  patients(actor: Actor, criteria: PatientCriteria, query: PatientQuery, page: PageRequest): Promise<Page<fhir4.Patient> | undefined> {
    const roleDecision = mayRead(actor, 'Patient');
    const scope = roleDecision.allowed && !query.identityLookup ? searchScope(actor, this.deps.policy, query.terms.length > 0) : undefined;
    if (scope?.kind !== 'linked') return Promise.resolve(undefined);
    return this.deps.groups.run(async (tx) => {
      const rows = await patientsMatching(tx, scope, query.terms, page.after, page.count);
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
        return NOTHING;
      return {
        entries: searchEntries(actor, criteria, disclosed),
        result: {
          resources: disclosed.map(({ patient }) => patient),
          next: nextCursor(rows, page.count),
          reasons: new Map(disclosed.map(({ row, decision }) => [row.id, decision])),
        },
      };
    });
  }

  private disclosedPatient(actor: Actor, row: ReadPatientRow, decision: Decision): GroupedRead<fhir4.Patient> {
    return { entries: [this.readEntry(actor, row, decision)], result: openResource<fhir4.Patient>(this.deps.keys, 'Patient', row) };
  }

  private readEntry(actor: Actor, row: ReadPatientRow, decision: Decision) {
    return auditOf(actor, 'read', decision, 'Patient', row.id, row.id, row.establishment_id);
  }

  /** The patient and the decision about them, when it allows and the guard would pass it without a word. */
  private async decided(tx: Sql, actor: Actor, resourceType: string, id: string): Promise<{ row: ReadPatientRow; decision: Decision } | undefined> {
    const roleDecision = mayRead(actor, resourceType);
    const links = isUuid(id) && roleDecision.allowed ? currentLinks(actor, this.deps.policy, [id]) : undefined;
    if (!links) return undefined;
    const row = await patientWithLinks<LinkRow>(tx, id, links);
    const decision = row && this.quietDecision(actor, roleDecision, row);
    return decision && { row: row!, decision };
  }

  /** The decision about a patient read with the actor's links to them, if it allows and the guard would pass it without a word. */
  private quietDecision(actor: Actor, roleDecision: Decision, row: ReadPatientRow & { links: LinkRow[] }): Decision | undefined {
    const decision = decisionsFrom(actor, roleDecision, [row], bestRelationships(row.links)).get(row.id)!;
    return this.deps.guard.passesQuietly(actor, [touchOf(row, decision)]) ? decision : undefined;
  }
}

/** A read the quiet way cannot answer: nothing disclosed, nothing recorded; the gate's own transaction takes it. */
const NOTHING: GroupedRead<undefined> = { entries: [], result: undefined };

/** The id asked for when the one given is no uuid: no patient has it, the session is checked all the same. */
const NO_ID = NIL_UUID;
