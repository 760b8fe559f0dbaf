import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { encodeCopy, type EncodedCopy } from '../store/copy-binary.ts';
import { CARE_LINK_COPY, insertNewCareLinks, type NewCareLink } from '../store/patient-rows/care-links.ts';
import { CLINICAL_COPY, insertClinical, type NewClinicalRow } from '../store/patient-rows/clinical.ts';
import { insertPatients, PATIENT_COPY, type NewPatientRow } from '../store/patient-rows/patients.ts';
import { inGate } from './gate-role.ts';

/** Sealed records loaded in bulk (the seed), with their care links; honey records marked as such. */
export interface RecordBatch {
  patients: readonly NewPatientRow[];
  clinical: readonly NewClinicalRow[];
  links?: readonly NewCareLink[];
  /** The patients are honey records, planted by the seed (src/seed/honey.ts). */
  honey?: boolean;
}

/** A batch written for COPY where it was made (the seed's worker threads): the loading thread only sends it. */
export interface EncodedRecords {
  patients: EncodedCopy;
  clinical: EncodedCopy;
  links: EncodedCopy;
}

export function encodeRecords(batch: Required<Omit<RecordBatch, 'honey'>>): EncodedRecords {
  return {
    patients: encodeCopy(PATIENT_COPY, batch.patients),
    clinical: encodeCopy(CLINICAL_COPY, batch.clinical),
    links: encodeCopy(CARE_LINK_COPY, batch.links),
  };
}

/** The memory of encoded records, handed to another thread rather than copied. */
export const memoryOf = (records: EncodedRecords): ArrayBuffer[] =>
  [records.patients, records.clinical, records.links].map((copy) => copy.data.buffer as ArrayBuffer);

/** Encoded records loaded in one transaction of the gate's role. */
export function loadEncodedRecords(db: Database, records: EncodedRecords): Promise<void> {
  return inGate(db, async (tx) => {
    if (!tx.copy) throw new Error('This driver cannot COPY in a transaction');
    for (const copy of [records.patients, records.clinical, records.links]) await tx.copy(copy);
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
