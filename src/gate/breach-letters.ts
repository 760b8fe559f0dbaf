import type { DataCategory } from '../leaks/categories.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { patientsByIds } from '../store/patient-rows/patients.ts';
import type { Responder } from './breach-match.ts';
import { openResource } from './codec.ts';
import { inGate } from './gate-role.ts';
import { NIL_UUID } from '../domain/uuid.ts';

/**
 * The addressees of a breach case's letters (GDPR art. 34): each patient's name and
 * postal address, decrypted here for the letter only, batch by batch (a case may concern
 * hundreds of thousands), each one a ledger entry. Nothing else of the record is opened.
 */
const BATCH = 500;

/** A patient to write to: who, where, and what of theirs left. */
export interface Addressee {
  patientId: string;
  name: string;
  address: string[];
  categories: DataCategory[];
}

export async function* addresseesOf(deps: { db: Database; keys: KeyRing }, responder: Responder, caseId: string): AsyncGenerator<Addressee[]> {
  let after = NIL_UUID;
  for (;;) {
    const batch = await inGate(deps.db, async (tx) => {
      const concerned = await tx.rows<{ patient_id: string; categories: DataCategory[] }>(
        sql`SELECT patient_id, categories FROM breach_patient WHERE case_id = ${caseId} AND patient_id > ${after} ORDER BY patient_id LIMIT ${BATCH}`,
      );
      if (concerned.length === 0) return undefined;
      const rows = new Map(
        (
          await patientsByIds(
            tx,
            concerned.map((row) => row.patient_id),
          )
        ).map((row) => [row.id, row]),
      );
      const addressees = concerned.flatMap(({ patient_id: id, categories }) => {
        const row = rows.get(id);
        if (!row) return [];
        const patient = openResource<fhir4.Patient>(deps.keys, 'Patient', row);
        return [{ patientId: id, name: nameOf(patient), address: addressOf(patient), categories, establishmentId: row.establishment_id }];
      });
      await appendAudit(
        tx,
        addressees.map((addressee) => ({
          action: 'breach-letter' as const,
          outcome: 'allowed' as const,
          reason: `breach case ${caseId}: name and address decrypted for the patient's letter (GDPR art. 34), by ${responder.operator ? `the operator ${responder.operator}` : responder.actorRole}`,
          actorId: responder.actorId,
          actorRole: responder.actorRole,
          sessionId: responder.sessionId,
          patientId: addressee.patientId,
          establishmentId: addressee.establishmentId,
          detail: { case: caseId, basis: { kind: 'breach-response' } },
        })),
      );
      after = concerned.at(-1)!.patient_id;
      return addressees.map(({ establishmentId: _e, ...addressee }) => addressee);
    });
    if (!batch) return;
    if (batch.length > 0) yield batch;
  }
}

function nameOf(patient: fhir4.Patient): string {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  const civility = patient.gender === 'female' ? 'Madame' : patient.gender === 'male' ? 'Monsieur' : '';
  return [civility, ...(name?.given?.slice(0, 1) ?? []), name?.family?.toUpperCase()].filter(Boolean).join(' ');
}

function addressOf(patient: fhir4.Patient): string[] {
  const address = patient.address?.find((a) => a.use === 'home') ?? patient.address?.[0];
  if (!address) return [];
  return [...(address.line ?? []), [address.postalCode, address.city?.toUpperCase()].filter(Boolean).join(' ')].filter(Boolean);
}
