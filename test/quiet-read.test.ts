import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ACCESS_POLICY } from '../src/access/policy.ts';
import { actorOf, type Actor } from '../src/domain/actor.ts';
import { Gate } from '../src/gate/gate.ts';
import { inGate } from '../src/gate/gate-role.ts';
import { patientQuery } from '../src/gate/patient-search.ts';
import { assembleGuard } from '../src/api/guard-assembly.ts';
import { ReadGroups, type Batch } from '../src/gate/read-groups.ts';
import { sql } from '../src/store/sql.ts';
import type { AuditEntry } from '../src/ledger/append.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import { systemClock } from '../src/guard/clock.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { insertCareLinks } from '../src/store/patient-rows/care-links.ts';
import { insertPatients } from '../src/store/patient-rows/patients.ts';
import { CLINIC_ID, PRACTITIONER_ID, seedFixture } from './support/fixture.ts';
import { patientRow, stayingInUnit } from './support/patient-rows.ts';
import { openTestStore, ownerQuery } from './support/test-store.ts';

/**
 * The gate's quiet reads (src/gate/quiet-read.ts): a read within a care relationship,
 * which the guard passes without a statement, skips the transaction and joins a group
 * commit of the ledger. They must decide exactly as the transaction does, fall back to
 * it for everything else, and disclose nothing whose entry is not durable.
 */
let store: Store;
let doctor: Actor;
let groups: ReadGroups;
let gate: Gate;

beforeAll(async () => {
  store = await openTestStore();
  await seedFixture(store);
  const [account] = await ownerQuery<{ id: string }>(store.db, `SELECT id FROM account WHERE username = 'doctor.test'`);
  // A settled account: activated a month ago, with usual working days (the guard counts a new one's every patient).
  await ownerQuery(store.db, `UPDATE account SET activated_at = now() - interval '30 days' WHERE id = $1`, [account!.id]);
  await ownerQuery(store.db, `INSERT INTO guard_volume (account_id, day, patients) SELECT $1, current_date - d, 40 FROM generate_series(1, 14) AS d`, [
    account!.id,
  ]);
  doctor = actorOf(
    account!.id,
    { username: 'doctor.test', role: 'doctor', establishment_id: CLINIC_ID, practitioner_id: PRACTITIONER_ID, unit_id: (await unitOf(account!.id))! },
    { sessionId: randomUUID(), address: '192.0.2.10' },
  );
  groups = new ReadGroups(store.db);
  gate = new Gate({ db: store.db, keys: store.keys, policy: DEFAULT_ACCESS_POLICY, guard: assembleGuard(systemClock), groups });
});
afterAll(() => store.close());

async function unitOf(accountId: string): Promise<string | undefined> {
  const [row] = await ownerQuery<{ unit_id: string }>(store.db, 'SELECT unit_id FROM account WHERE id = $1', [accountId]);
  return row?.unit_id;
}

/** The ledger's entries about a patient, oldest first, as a security officer reads them. */
async function entriesAbout(patientId: string) {
  return ownerQuery<{ action: string; outcome: string; reason: string; detail: unknown }>(
    store.db,
    'SELECT action, outcome, reason, detail FROM audit_event WHERE patient_id = $1 OR resource_id = $2 ORDER BY seq',
    [patientId, patientId],
  );
}

/** A patient of the clinic with no link to anyone, or with the links given. */
async function patientWith(links: Array<'unit-stay' | 'attending' | 'treating-doctor'>): Promise<string> {
  const id = randomUUID();
  const startsAt = new Date(Date.now() - 86_400_000).toISOString();
  await inGate(store.db, async (tx) => {
    await insertPatients(tx, [patientRow(store, id, 'Quiet', 'Anne', '1970-01-01')]);
    await insertCareLinks(
      tx,
      links.map((link) => ({
        sourceId: randomUUID(),
        kind: link === 'treating-doctor' ? ('treating-doctor' as const) : ('stay' as const),
        patientId: id,
        establishmentId: CLINIC_ID,
        unitId: link === 'unit-stay' ? doctor.unitId : undefined,
        practitionerId: link === 'unit-stay' ? undefined : PRACTITIONER_ID,
        startsAt,
      })),
    );
  });
  return id;
}

/** A turn of the event loop: a group waiting to leave (read-groups.ts) has left. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: Error) => ({ ok: false as const, error: error.constructor.name }),
  );

describe("the gate's quiet reads", () => {
  it('decide as the transaction does, for every kind of patient, and answer quietly only within a relationship', async () => {
    const cases = [
      { links: ['unit-stay'] as const, quiet: true },
      { links: ['attending', 'unit-stay'] as const, quiet: true },
      { links: ['treating-doctor'] as const, quiet: true },
      { links: [] as const, quiet: false },
    ];
    // The first read of the hour goes through the transaction: the guard marks the hour and learns the account is settled.
    await gate.readPatient(doctor, (await stayingInUnit(store, 1, 'Warm'))[0]!);
    for (const { links, quiet } of cases) {
      const id = await patientWith([...links]);
      const before = groups.counts.entries;
      const quietly = await settle(gate.readPatient(doctor, id));
      expect(groups.counts.entries - before, `links ${links.join(', ')}`).toBe(quiet ? 1 : 0);
      // The same read in the gate's transaction, for comparison: same answer, same entry.
      const inTransaction = await settle(
        (gate as unknown as { readPatientInTransaction(actor: Actor, id: string): Promise<fhir4.Patient> }).readPatientInTransaction(doctor, id),
      );
      expect(quietly).toEqual(inTransaction);
      const [first, second] = await entriesAbout(id);
      expect(first).toEqual(second);
      expect(first!.outcome).toBe(quiet ? 'allowed' : 'refused');
    }
  });

  it("search among the actor's patients as the transaction does, and leave identity lookups to it", async () => {
    const ids = await stayingInUnit(store, 3, 'Searched');
    const attending = await patientWith(['attending', 'unit-stay']);
    const transactional = gate as unknown as {
      searchPatientsInTransaction(actor: Actor, criteria: object, query: unknown, page: object): Promise<{ resources: fhir4.Patient[] }>;
    };
    const criteria = { family: 'sear' };
    const before = groups.counts.entries;
    const quietly = await gate.searchPatients(doctor, criteria, { count: 10 });
    expect(groups.counts.entries - before).toBe(3);
    const query = patientQuery(store.keys.secret('index'), criteria);
    const inTransaction = await transactional.searchPatientsInTransaction(doctor, criteria, query, { count: 10 });
    expect(quietly.resources).toEqual(inTransaction.resources);
    for (const id of ids) {
      const [first, second] = await entriesAbout(id);
      expect(first).toEqual(second);
    }
    // The best of two links names the entry, as in the transaction.
    await gate.searchPatients(doctor, { family: 'quiet' }, { count: 50 });
    await transactional.searchPatientsInTransaction(doctor, { family: 'quiet' }, patientQuery(store.keys.secret('index'), { family: 'quiet' }), { count: 50 });
    const [first, second] = await entriesAbout(attending).then((entries) => entries.filter((entry) => entry.action === 'search'));
    expect(first).toEqual(second);
    expect(first!.reason).toMatch(/attending/);
    // A search that finds none of the actor's patients is answered in a group too, with nothing to record, as the transaction would.
    const emptyBefore = { ...groups.counts };
    const transaction = vi.spyOn(transactional, 'searchPatientsInTransaction');
    const none = await gate.searchPatients(doctor, { family: 'nobody-by-this-name' }, { count: 10 });
    expect(none.resources).toEqual([]);
    expect(transaction).not.toHaveBeenCalled();
    expect(groups.counts.entries).toBe(emptyBefore.entries);
    transaction.mockRestore();
    // An identity lookup may reach beyond relationships: only the transaction answers it.
    const lookupBefore = groups.counts.entries;
    await gate.searchPatients(doctor, { family: 'Quiet', given: 'Anne', birthdate: '1970-01-01' }, { count: 10 });
    expect(groups.counts.entries).toBe(lookupBefore);
  });

  it('leave a honey record to the transaction, which contains the account', async () => {
    const id = await patientWith(['unit-stay']);
    await ownerQuery(store.db, 'INSERT INTO honey_record (patient_id, establishment_id) VALUES ($1, $2)', [id, CLINIC_ID]);
    const other = await separateDoctor();
    await gate.readPatient(other, (await stayingInUnit(store, 1, 'Warm'))[0]!);
    const before = groups.counts.entries;
    await expect(gate.readPatient(other, id)).rejects.toThrow();
    expect(groups.counts.entries).toBe(before);
    const [account] = await ownerQuery<{ status: string }>(store.db, 'SELECT status FROM account WHERE id = $1', [other.accountId]);
    expect(account!.status).toBe('contained');
  });

  it('commit concurrent reads together, each entry in the ledger, which verifies', async () => {
    const ids = await stayingInUnit(store, 40, 'Together');
    const before = { ...groups.counts };
    const read = await Promise.all(ids.map((id) => gate.readPatient(doctor, id)));
    expect(read.map((patient) => patient.id)).toEqual(ids);
    expect(groups.counts.entries - before.entries).toBe(40);
    // Forty reads, fewer transactions: they waited for the groups in flight and went together.
    expect(groups.counts.groups - before.groups).toBeLessThan(40);
    for (const id of ids) expect(await entriesAbout(id)).toHaveLength(1);
    expect((await verifyLedger(store.db)).intact).toBe(true);
  });

  it("see a relationship's end on the very next read, refused then by the transaction and counted by the guard", async () => {
    const id = await patientWith(['unit-stay']);
    await gate.readPatient(doctor, id);
    await ownerQuery(store.db, `UPDATE care_link SET ends_at = now() - interval '400 days', starts_at = now() - interval '500 days' WHERE patient_id = $1`, [
      id,
    ]);
    const before = groups.counts.entries;
    await expect(gate.readPatient(doctor, id)).rejects.toThrow();
    expect(groups.counts.entries).toBe(before);
    const probes = await ownerQuery(store.db, `SELECT 1 FROM guard_event WHERE account_id = $1 AND kind = 'refused' AND patient_id = $2`, [
      doctor.accountId,
      id,
    ]);
    expect(probes).toHaveLength(1);
  });

  it('fail every read of a group whose append fails and write none of its entries; a read that fails alone fails alone', async () => {
    const count = async () => Number((await ownerQuery<{ n: string }>(store.db, 'SELECT count(*) AS n FROM audit_event'))[0]!.n);
    const before = await count();
    const one = new ReadGroups(store.db, { groups: 1, reads: 64 });
    const entry = { action: 'read' as const, outcome: 'allowed' as const, reason: 'test', actorId: doctor.accountId };
    const read = (entries: AuditEntry[], fails = false) =>
      settle(
        one.run(async (tx) => {
          await tx.query('SELECT 1');
          if (fails) throw new Error('refused on its own');
          return { entries, result: 'read' };
        }),
      );
    // The first group leaves with one read; the next ones, asked once it has left, go together.
    const first = read([entry]);
    await nextTurn();
    const second = read([entry]);
    const broken = read([{ ...entry, establishmentId: 'not an establishment' }]);
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(false);
    expect((await broken).ok).toBe(false);
    expect(await count()).toBe(before + 1);
    const alone = read([entry], true);
    const fine = read([entry]);
    const third = read([entry]);
    expect(await alone).toEqual({ ok: false, error: 'Error' });
    expect((await fine).ok).toBe(true);
    expect((await third).ok).toBe(true);
    expect(await count()).toBe(before + 3);
  });

  it("answer a batch's asks in a group with one statement for all, each from its own row; one that fails alone fails alone", async () => {
    const one = new ReadGroups(store.db, { groups: 1, reads: 64 });
    const { batch, statements } = timesBatch(10);
    const finish = (row: number | undefined) => {
      if (row === 30) throw new Error('refused on its own');
      return { entries: [], result: row };
    };
    const first = settle(one.runBatched(batch, 1, finish));
    await nextTurn();
    const answers = await Promise.all([first, ...[2, 3, 4].map((n) => settle(one.runBatched(batch, n, finish)))]);
    expect(answers.map((answer) => (answer.ok ? answer.value : answer.error))).toEqual([10, 20, 'Error', 40]);
    // The first group leaves with the first ask; the three asked after share one statement.
    expect(statements).toEqual([[1], [2, 3, 4]]);
  });

  it('wait, before a group leaves, for the reads asked in the same turn of the event loop, each request in a callback of its own', async () => {
    const one = new ReadGroups(store.db, { groups: 1, reads: 64 });
    const { batch, statements } = timesBatch(1);
    // As requests read from several sockets: each in its own callback, the promises' work done between them.
    // Callbacks queued together run in one turn (timers of 0 ms may not: their clock can tick between them).
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) => new Promise((resolve) => setImmediate(() => resolve(one.runBatched(batch, n, (row) => ({ entries: [], result: row })))))),
    );
    expect(answers).toEqual([1, 2, 3, 4]);
    expect(statements).toEqual([[1, 2, 3, 4]]);
  });

  it('disclose nothing when the entry cannot be written (the last test: the ledger refuses from then on)', async () => {
    const [id] = await stayingInUnit(store, 1, 'Unwritten');
    await ownerQuery(store.db, `CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END; $$ LANGUAGE plpgsql`);
    await ownerQuery(store.db, 'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION refuse_audit()');
    const before = { ...groups.counts };
    await expect(gate.readPatient(doctor, id!)).rejects.toThrow(/audit unavailable/);
    expect(groups.counts).toEqual(before);
  });
});

/** Another settled doctor of the unit, with an account of its own. */
async function separateDoctor(): Promise<Actor> {
  const id = randomUUID();
  await ownerQuery(
    store.db,
    `INSERT INTO account (id, username, role, establishment_id, unit_id, password_hash, totp_secret, status, created_at, activated_at)
     SELECT $1, 'doctor.other', role, establishment_id, unit_id, password_hash, totp_secret, 'active', now() - interval '60 days', now() - interval '60 days'
     FROM account WHERE id = $2`,
    [id, doctor.accountId],
  );
  await ownerQuery(store.db, `INSERT INTO guard_volume (account_id, day, patients) SELECT $1, current_date - d, 40 FROM generate_series(1, 14) AS d`, [id]);
  return { ...doctor, accountId: id, username: 'doctor.other', practitionerId: undefined, sessionId: randomUUID() };
}

/** A batch answering each number times `factor`, one statement per group, and the asks of each statement. */
function timesBatch(factor: number): { batch: Batch<number, number>; statements: number[][] } {
  const statements: number[][] = [];
  const batch: Batch<number, number> = {
    rows: async (tx, asks) => {
      statements.push([...asks]);
      const rows = await tx.rows<{ n: number }>(sql`SELECT n * ${factor}::int AS n FROM unnest(${[...asks]}::int[]) AS n`);
      return rows.map(({ n }) => n);
    },
  };
  return { batch, statements };
}
