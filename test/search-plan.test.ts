import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentLinks } from '../src/access/relationships.ts';
import { DEFAULT_ACCESS_POLICY } from '../src/access/policy.ts';
import { actorOf } from '../src/domain/actor.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { statements, type Sql } from '../src/store/database.ts';
import { patientsMatching } from '../src/store/patient-rows/search.ts';
import { asOwner, onPostgres, openTestStore, vacuumAsOwner } from './support/test-store.ts';

/** A plan node of EXPLAIN (FORMAT JSON), as far as this test reads it. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe.skipIf(!onPostgres)("a search within the actor's relationships, on PostgreSQL", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store.close();
  });

  const doctor = actorOf(
    '00000000-0000-4000-8000-000000000001',
    {
      username: 'dr.plan',
      role: 'doctor',
      establishment_id: '00000000-0000-4000-8000-000000000002',
      practitioner_id: '00000000-0000-4000-8000-000000000003',
      unit_id: '00000000-0000-4000-8000-000000000004',
      patient_id: null,
    },
    { sessionId: '00000000-0000-4000-8000-000000000005', address: undefined },
  );

  /** The plan of the linked search of `dr.plan`, under the planner settings given. */
  const planOfSearch = (settings: string): Promise<PlanNode[]> =>
    asOwner(store.db, async (tx) => {
      await tx.query(settings);
      let explained: PlanNode | undefined;
      const explaining: Sql = {
        ...statements,
        query: async <T>(text: string, params?: readonly unknown[]) => {
          const [row] = await tx.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
          explained = row!['QUERY PLAN'][0]!.Plan;
          return [] as T[];
        },
      };
      await patientsMatching(explaining, { kind: 'linked', links: currentLinks(doctor, DEFAULT_ACCESS_POLICY)! }, [1n, 2n], undefined, 10);
      return nodesOf(explained!);
    });

  it('is never planned with parallel workers, even where the planner would find them free: their start costs more than the lookup', async () => {
    // Parallelism made free: left to itself, the planner would hand the links to workers.
    const plan = (
      await planOfSearch(
        'SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL min_parallel_index_scan_size = 0',
      )
    ).map((node) => node['Node Type']);
    expect(plan).toContain('Limit');
    expect(plan.filter((type) => type.startsWith('Gather') || type.startsWith('Parallel'))).toEqual([]);
  });

  it("reads the actor's care links from their indexes alone (migration 027), then each linked patient by its id", async () => {
    // A unit with 300 current stays among 3,000 links, as the statistics see them.
    await asOwner(store.db, async (tx) => {
      const [establishment, unit, otherUnit] = [doctor.establishmentId!, doctor.unitId!, '00000000-0000-4000-8000-000000000006'];
      await tx.query(
        `INSERT INTO organization (id, level, establishment_id, resource) VALUES ($1, 'establishment', $1, '{}'), ($2, 'unit', $1, '{}'), ($3, 'unit', $1, '{}')`,
        [establishment, unit, otherUnit],
      );
      await tx.query(`INSERT INTO practitioner (id, resource) VALUES ($1, '{}')`, [doctor.practitionerId]);
      await tx.query(`INSERT INTO patient (id, establishment_id, body, search) SELECT gen_random_uuid(), $1, '\\x00', '{}' FROM generate_series(1, 3000)`, [
        establishment,
      ]);
      await tx.query(
        `INSERT INTO care_link (source_id, kind, patient_id, establishment_id, unit_id, practitioner_id, starts_at, ends_at)
         SELECT gen_random_uuid(), 'stay', id, $1, CASE WHEN n % 10 = 0 THEN $2::uuid ELSE $3::uuid END, CASE WHEN n % 20 = 0 THEN $4::uuid END,
           now() - interval '3 days', now() + interval '2 days' FROM (SELECT id, row_number() OVER () AS n FROM patient) p`,
        [establishment, unit, otherUnit, doctor.practitionerId],
      );
    });
    await vacuumAsOwner(store, ['care_link', 'patient']);
    const plan = await planOfSearch('SELECT 1');
    const links = plan.filter((node) => node['Relation Name'] === 'care_link');
    expect(links.map((node) => [node['Node Type'], node['Index Name']])).toEqual([
      ['Index Only Scan', 'care_link_current_by_unit'],
      ['Index Only Scan', 'care_link_current_by_practitioner'],
    ]);
    // Each linked patient is looked up by its id; the primary key's range (the whole table
    // on a first page) is never combined with the terms' index.
    const patients = plan.filter((node) => node['Relation Name'] === 'patient');
    expect(patients.map((node) => [node['Node Type'], node['Index Name']])).toEqual([['Index Scan', 'patient_pkey']]);
    expect(plan.filter((node) => node['Node Type'].startsWith('Bitmap'))).toEqual([]);
  });
});
