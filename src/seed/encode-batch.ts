import { careLinksOf } from '../access/care-links.ts';
import { patientSearchTerms } from '../crypto/blind-index.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import { sealResource } from '../gate/codec.ts';
import { encodeRecords, type EncodedRecords } from '../gate/load-records.ts';
import type { NewCareLink } from '../store/patient-rows/care-links.ts';
import type { NewClinicalRow } from '../store/patient-rows/clinical.ts';
import type { NewPatientRow } from '../store/patient-rows/patients.ts';
import type { SeedGroup } from './group.ts';
import { demoCareTeams } from './demo-care-teams.ts';
import { generatePatientRecord } from './patient.ts';

/** Patients [start, end) generated, encrypted and indexed: rows ready to load. */
export interface RecordRows {
  patients: NewPatientRow[];
  clinical: NewClinicalRow[];
  links: NewCareLink[];
}

/** The same rows written for COPY, in the worker thread that made them. */
export function encodeBatch(group: SeedGroup, keys: KeyRing, seed: number, start: number, end: number): EncodedRecords {
  return encodeRecords(recordRows(group, keys, seed, start, end));
}

export function recordRows(group: SeedGroup, keys: KeyRing, seed: number, start: number, end: number): RecordRows {
  const batch: RecordRows = { patients: [], clinical: [], links: [] };
  const indexKey = keys.secret('index');
  const now = new Date(group.now).toISOString();
  const careTeams = demoCareTeams(group);
  for (let index = start; index < end; index++) {
    const record = generatePatientRecord(group, seed, index);
    const patient = record.patient as fhir4.Patient & { id: string };
    batch.patients.push({
      id: patient.id,
      establishmentId: record.establishmentId,
      body: sealResource(keys, record.establishmentId, patient),
      search: patientSearchTerms(indexKey, patient),
    });
    batch.links.push(...careLinksOf(patient, record.establishmentId, now), ...careTeams.linksFor(index, patient.id, record.establishmentId));
    for (const { resource, establishmentId } of record.resources) {
      const typed = resource as fhir4.Resource & { id: string; resourceType: string };
      batch.clinical.push({ id: typed.id, type: typed.resourceType, patientId: patient.id, establishmentId, body: sealResource(keys, establishmentId, typed) });
      batch.links.push(...careLinksOf(typed, establishmentId, now));
    }
  }
  return batch;
}
