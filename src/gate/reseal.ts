import type { KeyRing } from '../crypto/key-ring.ts';
import { patientData } from './codec.ts';
import type { Database } from '../store/database.ts';
import { inGate } from './gate-role.ts';
import { recordCount, resealRow, rowsToReseal } from '../store/patient-rows/reseal.ts';
import { NIL_UUID } from '../domain/uuid.ts';

export const recordsToReseal = (db: Database) => inGate(db, recordCount);

/**
 * After a data key is rotated, every patient and clinical row is sealed again under its
 * establishment's current key, batch by batch, each batch its own transaction: the
 * service runs on meanwhile, reading old and new alike (a ciphertext names its key). A row
 * a write changed in the meantime keeps the write's sealing. Nothing is disclosed: the
 * plaintext never leaves this function.
 */
const BATCH = 500;

export async function resealPatientData(
  deps: { db: Database; keys: KeyRing },
  onProgress?: (done: number) => void,
): Promise<{ resealed: number; skipped: number }> {
  let resealed = 0;
  let skipped = 0;
  let done = 0;
  for (const table of ['patient', 'clinical_resource'] as const) {
    let after = NIL_UUID;
    for (;;) {
      const rows = await inGate(deps.db, async (tx) => {
        const batch = await rowsToReseal(tx, table, after, BATCH);
        for (const row of batch) {
          const sealed = patientData(deps.keys).forEstablishment(row.establishment_id).reseal(`${row.type}/${row.id}`, row.body);
          if (!sealed) continue;
          if (await resealRow(tx, table, row.id, row.body, sealed)) resealed++;
          else skipped++;
        }
        return batch;
      });
      if (rows.length === 0) break;
      after = rows.at(-1)!.id;
      done += rows.length;
      onProgress?.(done);
    }
  }
  return { resealed, skipped };
}
