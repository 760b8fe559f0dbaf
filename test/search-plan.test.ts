import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentLinks } from '../src/access/relationships.ts';
import { DEFAULT_ACCESS_POLICY } from '../src/access/policy.ts';
import { actorOf } from '../src/domain/actor.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { statements, type Sql } from '../src/store/database.ts';
import { patientsMatching } from '../src/store/patient-rows/search.ts';
import { asOwner, onPostgres, openTestStore } from './support/test-store.ts';

/** A plan node of EXPLAIN (FORMAT JSON), as far as this test reads it. */
interface PlanNode {
  'Node Type': string;
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

  it('is never planned with parallel workers, even where the planner would find them free: their start costs more than the lookup', async () => {
    const plan = await asOwner(store.db, async (tx) => {
      // Parallelism made free: left to itself, the planner would hand the links to workers.
      await tx.query('SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; SET LOCAL min_parallel_table_scan_size = 0');
      await tx.query('SET LOCAL min_parallel_index_scan_size = 0');
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
      return nodesOf(explained!).map((node) => node['Node Type']);
    });
    expect(plan).toContain('Limit');
    expect(plan.filter((type) => type.startsWith('Gather') || type.startsWith('Parallel'))).toEqual([]);
  });
});
