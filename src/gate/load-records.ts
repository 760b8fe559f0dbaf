import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { EncodedCopy } from '../store/copy-binary.ts';
import { insertNewCareLinks, type NewCareLink } from '../store/patient-rows/care-links.ts';
import { insertClinical, type NewClinicalRow } from '../store/patient-rows/clinical.ts';
import { insertPatients, type NewPatientRow } from '../store/patient-rows/patients.ts';
import { inGate } from './gate-role.ts';

/** Sealed records loaded in bulk (the seed), with their care links; honey records marked as such. */
export interface RecordBatch {
  patients: readonly NewPatientRow[];
  clinical: readonly NewClinicalRow[];
  links?: readonly NewCareLink[];
  /** The patients are honey records, planted by the seed (src/seed/honey.ts). */
  honey?: boolean;
}

/** A batch already written for COPY (src/seed/encode-batch.ts), in one transaction of the gate's role. */
export function loadEncodedRecords(db: Database, copies: readonly EncodedCopy[]): Promise<void> {
  return inGate(db, async (tx) => {
    if (!tx.copy) throw new Error('This driver cannot COPY in a transaction');
    for (const copy of copies) await tx.copy(copy);
  });
}

/**
 * A batch of records written in one transaction of the gate's role, the only one that
 * may write the patient tables. Nothing is disclosed: what goes in was sealed before.
 */
export function loadRecords(db: Database, batch: RecordBatch): Promise<void> {
  return inGate(db, async (tx) => {
    await insertPatients(tx, batch.patients);
    await insertClinical(tx, batch.clinical);
    if (batch.links) await insertNewCareLinks(tx, batch.links);
    if (batch.honey) {
      await tx.run(
        sql`INSERT INTO honey_record (patient_id, establishment_id) SELECT * FROM unnest(${batch.patients.map((patient) => patient.id)}::uuid[], ${batch.patients.map((patient) => patient.establishmentId)}::uuid[])`,
      );
    }
  });
}
