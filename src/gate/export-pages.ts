import type { KeyRing } from '../crypto/key-ring.ts';
import type { Role } from '../domain/roles.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { clinicalOfPatients } from '../store/patient-rows/clinical.ts';
import { exportPagePatients } from '../store/patient-rows/exports.ts';
import type { ExportScope } from './export-scope.ts';
import { openResource } from './codec.ts';
import { versionConflict } from '../domain/refusals.ts';
import { inGate } from './gate-role.ts';

/** An approved export, as the gate reads it out. */
export interface ExportSource {
  id: string;
  requesterId: string;
  requesterRole: Role;
  establishmentId: string | undefined;
  scope: ExportScope;
  /** Why these patients leave, for their ledger entries: the purpose and who approved. */
  reason: string;
}

export interface ExportRecord {
  patient: fhir4.Patient;
  resources: fhir4.Resource[];
}

/**
 * One page of an approved export, through the gate: in one transaction the export is
 * checked to be still being written (a containment or a withdrawal stops it at the next page),
 * its patients and their clinical resources are read and decrypted, and each patient that
 * leaves gets its ledger entry, in the requester's name.
 */
export async function exportPage(
  deps: { db: Database; keys: KeyRing },
  source: ExportSource,
  afterId: string,
  limit: number,
): Promise<{ records: ExportRecord[]; next: string | undefined }> {
  return inGate(deps.db, async (tx) => {
    const request = await tx.one<{ status: string }>(sql`SELECT status FROM export_request WHERE id = ${source.id} FOR SHARE`);
    if (request?.status !== 'writing') throw versionConflict(`The export is ${request?.status ?? 'gone'}: nothing more leaves`);
    const rows = await exportPagePatients(tx, source.establishmentId, source.scope.kind === 'patients' ? source.scope.ids : undefined, afterId, limit);
    const clinical = await clinicalOfPatients(
      tx,
      rows.map((row) => row.id),
    );
    const byPatient = new Map<string, fhir4.Resource[]>();
    for (const row of clinical) {
      const list = byPatient.get(row.patient_id) ?? [];
      if (list.length === 0) byPatient.set(row.patient_id, list);
      list.push(openResource(deps.keys, row.type, row));
    }
    const records = rows.map((row) => ({ patient: openResource<fhir4.Patient>(deps.keys, 'Patient', row), resources: byPatient.get(row.id) ?? [] }));
    await appendAudit(
      tx,
      rows.map((row) => ({
        action: 'export' as const,
        outcome: 'allowed' as const,
        reason: source.reason,
        actorId: source.requesterId,
        actorRole: source.requesterRole,
        resourceType: 'Patient',
        resourceId: row.id,
        patientId: row.id,
        establishmentId: row.establishment_id,
        detail: { export: source.id, resources: byPatient.get(row.id)?.length ?? 0 },
      })),
    );
    return { records, next: rows.length === limit ? rows.at(-1)!.id : undefined };
  });
}
