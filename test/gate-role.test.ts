import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateStep, inGate } from '../src/gate/gate-role.ts';
import type { Sql } from '../src/store/database.ts';
import type { Store } from '../src/runtime/open-store.ts';
import type { WorkingRole } from '../src/store/database-roles.ts';
import { seedFixture } from './support/fixture.ts';
import { stayingInUnit } from './support/patient-rows.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * DESIGN invariant 1 in the database: the patient tables answer only the gate's role,
 * which the gate takes for its own transactions. Whatever SQL any other module sends —
 * every way of naming the table a reviewer listed, reading the database's files, or
 * trying to change role first — is refused by PostgreSQL or by the connection's wall.
 */
let store: Store;
beforeAll(async () => {
  store = await openTestStore();
  await seedFixture(store);
  await stayingInUnit(store, 3, 'Mur');
});
afterAll(() => store?.close());

const table = ['pat', 'ient'].join('');
const OUTSIDE_THE_GATE = [
  'SELECT body FROM patient',
  'SELECT body FROM public.patient',
  'SELECT body FROM "patient"',
  'SELECT body FROM ONLY patient',
  'SELECT a.id FROM account a, patient p LIMIT 1',
  'SELECT 1 FROM care_link l WHERE EXISTS (SELECT 1 FROM patient p WHERE p.id = l.patient_id)',
  'WITH p AS (SELECT body FROM patient) SELECT count(*) FROM p',
  `SELECT search FROM ${table}`,
  'SELECT count(*) FROM clinical_resource',
  'COPY patient TO STDOUT',
  'COPY (SELECT body FROM clinical_resource) TO STDOUT',
  'UPDATE patient SET version = version + 1',
  'DELETE FROM clinical_resource',
  'TRUNCATE patient',
  "INSERT INTO patient (id, establishment_id, body, search) SELECT gen_random_uuid(), establishment_id, '\\x00', '{}' FROM organization LIMIT 1",
  'CREATE VIEW everyone AS SELECT body FROM patient',
  'CREATE FUNCTION everyone() RETURNS SETOF bytea LANGUAGE sql SECURITY DEFINER AS $$ SELECT body FROM patient $$',
  // The database's own files, where the table's pages lie.
  "SELECT pg_read_binary_file('base/1/1259')",
  "SELECT pg_ls_dir('base')",
  // Changing role first, by every spelling: the wall refuses the statement before the database sees it.
  'RESET ROLE',
  'SET ROLE vigie_gate',
  'set local role vigie_gate',
  "SET role = 'vigie_gate'",
  "SET role TO 'NONE'",
  'SET SESSION AUTHORIZATION DEFAULT',
  "SELECT set_config('role', 'vigie_gate', true)",
  `SELECT "set_config"('role', 'vigie_gate', true)`,
  "DO $$ BEGIN EXECUTE 'SET ROLE vigie_gate'; END $$",
  '/* a comment first */ SET ROLE vigie_gate',
  "SELECT '/*'; SET ROLE vigie_gate; SELECT '*/'",
  'SELECT 1; RESET ROLE; SELECT body FROM patient',
];

async function outcome(run: () => Promise<unknown>): Promise<string> {
  return run().then(
    () => 'done',
    (error: Error) =>
      /permission denied|must be owner|may not change role|Not a role a transaction may be worked as/.test(error.message) ? 'refused' : error.message,
  );
}

describe('the patient tables, from outside the gate', () => {
  it('refuse every query, whatever its text', async () => {
    const outcomes: Record<string, string> = {};
    for (const statement of OUTSIDE_THE_GATE) outcomes[statement] = await outcome(() => store.db.query(statement));
    expect(outcomes).toEqual(Object.fromEntries(OUTSIDE_THE_GATE.map((statement) => [statement, 'refused'])));
    expect(await store.db.query('SELECT current_user AS role')).toEqual([{ role: 'vigie_app' }]);
  });

  it('refuse them inside any other transaction too, and after the gate has been through one', async () => {
    const inTransaction = await outcome(() => store.db.transaction((tx) => tx.query('SELECT body FROM patient')));
    expect(inTransaction).toBe('refused');
    const [counted] = await store.db.transaction((tx) => gateStep(tx, (gate) => gate.query<{ n: number }>('SELECT count(*)::int AS n FROM patient')));
    expect(counted).toEqual({ n: 3 });
    // The step over, the transaction is the application's again.
    const afterTheStep = await outcome(() =>
      store.db.transaction(async (tx) => {
        await gateStep(tx, (gate) => gate.query('SELECT count(*) FROM patient'));
        return tx.query('SELECT body FROM patient');
      }),
    );
    expect(afterTheStep).toBe('refused');
    expect(await outcome(() => store.db.query('SELECT body FROM patient'))).toBe('refused');
  });
});

describe("the gate's own transactions", () => {
  it('read and write the patient tables, and nothing lingers once they end', async () => {
    const [row] = await inGate(store.db, (tx) => tx.query<{ n: number; role: string }>('SELECT count(*)::int AS n, current_user AS role FROM patient'));
    expect(row).toEqual({ n: 3, role: 'vigie_gate' });
    expect(await outcome(() => store.db.query('SELECT body FROM patient'))).toBe('refused');
  });

  it("are the gate's alone: the role's name, asked for without the gate's claim, opens nothing", async () => {
    const byName = (tx: Sql) => tx.query('SELECT body FROM patient');
    expect(await outcome(() => store.db.transaction(byName, 'vigie_gate' as WorkingRole))).toBe('refused');
    // Nor does the login's own by its name: the owner's rights are a claim of the store's too.
    expect(await outcome(() => store.db.transaction(byName, 'NONE' as WorkingRole))).toBe('refused');
    expect(await outcome(() => store.db.transaction(async (tx) => byName((await tx.switchRole!('vigie_gate' as WorkingRole), tx))))).toBe('refused');
  });

  it('cannot be turned into anything else by a statement either', async () => {
    expect(await outcome(() => inGate(store.db, (tx) => tx.query('RESET ROLE')))).toBe('refused');
    expect(await outcome(() => inGate(store.db, (tx) => tx.query('SET ROLE NONE')))).toBe('refused');
  });
});
