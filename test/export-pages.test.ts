import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPage, type ExportSource } from '../src/gate/export-pages.ts';
import { seedDatabase } from '../src/seed/writer.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { openTestStore, ownerQuery } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * An approved export read out through the gate, page by page: every patient of its scope
 * once, honey records never, each with its ledger entry; a cancelled export stops at the next page.
 */
let store: Store;
let requester: { id: string };
let establishmentId = '';

beforeAll(async () => {
  store = await openTestStore();
  await seedDatabase(store, { patients: 60, seed: 4, accountsFile: join(mkdtempSync(join(tmpdir(), 'vigie-export-')), 'accounts.json') });
  [requester] = (await store.db.rows<{ id: string }>(sql`SELECT id FROM account WHERE role = 'doctor' ORDER BY username LIMIT 1`)) as [{ id: string }];
  [{ establishment_id: establishmentId }] = (await store.db.rows<{ establishment_id: string }>(sql`SELECT establishment_id FROM honey_record LIMIT 1`)) as [
    { establishment_id: string },
  ];
});
afterAll(() => store.close());

async function approvedExport(): Promise<ExportSource> {
  const id = randomUUID();
  await store.db
    .run(sql`INSERT INTO export_request (id, requester_id, establishment_id, purpose, justification, scope, fields, format, patients, needs_approval, status)
     VALUES (${id}, ${requester.id}, ${establishmentId}, 'research', 'cohorte de test', '{"kind":"establishment"}', 'pseudonymised', 'ndjson', 0, true, 'writing')`);
  return {
    id,
    requesterId: requester.id,
    requesterRole: 'doctor',
    establishmentId,
    scope: { kind: 'establishment' },
    reason: `export ${id} for research, approved by dpo`,
  };
}
const entriesOf = async (exportId: string) =>
  store.db.rows<{ patient_id: string }>(sql`SELECT patient_id FROM audit_event WHERE action = 'export' AND detail ->> 'export' = ${exportId}`);

describe('export pages', () => {
  it('give every patient of the scope once, with its resources, and never a honey record; each leaves with its ledger entry', async () => {
    const source = await approvedExport();
    const seen: string[] = [];
    let resources = 0;
    for (let after = '00000000-0000-0000-0000-000000000000', pages = 0; ; pages++) {
      const { records, next } = await exportPage(store, source, after, 7);
      seen.push(...records.map((record) => record.patient.id!));
      resources += records.reduce((sum, record) => sum + record.resources.length, 0);
      for (const record of records) expect(record.resources.every((resource) => JSON.stringify(resource).includes(`Patient/${record.patient.id}`))).toBe(true);
      if (!next) break;
      after = next;
      expect(pages).toBeLessThan(100);
    }
    const expected = await ownerQuery<{ id: string }>(
      store.db,
      'SELECT p.id FROM patient p WHERE p.establishment_id = $1 AND p.id NOT IN (SELECT patient_id FROM honey_record) ORDER BY p.id',
      [establishmentId],
    );
    expect(seen).toEqual(expected.map((row) => row.id));
    expect(new Set(seen).size).toBe(seen.length);
    const honey = (await store.db.rows<{ patient_id: string }>(sql`SELECT patient_id FROM honey_record`)).map((row) => row.patient_id);
    expect(seen.some((id) => honey.includes(id))).toBe(false);
    const [{ n }] = (await ownerQuery<{ n: number }>(store.db, 'SELECT count(*)::int AS n FROM clinical_resource WHERE patient_id = ANY($1::uuid[])', [
      seen,
    ])) as [{ n: number }];
    expect(resources).toBe(n);
    expect((await entriesOf(source.id)).map((row) => row.patient_id).sort()).toEqual([...seen].sort());
  });

  it('stop at the next page once the export is cancelled, and record nothing for it', async () => {
    const source = await approvedExport();
    const { next } = await exportPage(store, source, '00000000-0000-0000-0000-000000000000', 5);
    await store.db.run(sql`UPDATE export_request SET status = 'cancelled', cancelled_because = 'contained' WHERE id = ${source.id}`);
    await expect(exportPage(store, source, next!, 5)).rejects.toThrow(/cancelled: nothing more leaves/);
    expect(await entriesOf(source.id)).toHaveLength(5);
  });
});
