import { createHash, createPublicKey } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Role } from '../domain/roles.ts';
import type { Database } from '../store/database.ts';
import { isUuid, NIL_UUID } from '../domain/uuid.ts';
import { sql } from '../store/sql.ts';
import { exportPage, type ExportSource } from '../gate/export-pages.ts';
import { csvHeader } from './csv.ts';
import { ExportMarks } from './fingerprint/marks.ts';
import type { Purpose } from './purposes.ts';
import type { ExportScope } from '../gate/export-scope.ts';
import { fileSealer, recipientSealer } from './sealed-file.ts';
import { exportLines } from './shape.ts';

export interface WriterDeps {
  db: Database;
  keys: KeyRing;
  /** Where export files are kept until they expire (a folder of the data directory). */
  dir: string;
}

/** Patients read per page; memory stays flat whatever the export's size. */
const PAGE = 500;
/** Days an export's files are kept, then deleted. */
export const KEEP_DAYS = 7;

/** The folder of one export's files. */
export const exportFolder = (dir: string, exportId: string) => join(dir, exportId);

/** The sealed file of one resource type. */
export const exportFileName = (type: string, format: string) => `${type}.${format === 'csv' ? 'csv' : 'ndjson'}.sealed`;

interface SealedFile {
  stream: Transform;
  written: Promise<void>;
  resources: number;
  /** The SHA-256 of the sealed file, once written: what a receipt names. */
  sha256: () => string;
}

/** How long a page may take before another server takes the export for abandoned (migration 025). */
export const WRITER_LEASE = sql`interval '5 minutes'`;

/**
 * Writes an approved export: pages read out through the gate (each patient's ledger
 * entry with it), minimised when the export is pseudonymised, one NDJSON or CSV file per
 * resource type, sealed as it streams under the passphrase — no plain copy touches a disk.
 * A cancellation stops it at the next page and its files are deleted; so are a failure's.
 * Without a recipient's key, the files are sealed under the passphrase (which must be given).
 */
export async function writeExport(deps: WriterDeps, exportId: string, passphrase: string | undefined): Promise<void> {
  const row = await deps.db.one<{
    requester_id: string;
    role: Role;
    establishment_id: string | null;
    scope: ExportScope | string;
    fields: 'pseudonymised' | 'identified';
    format: 'ndjson' | 'csv';
    purpose: Purpose;
    patients: number;
    recipient_key: string | null;
    decider: string | null;
  }>(sql`UPDATE export_request e SET status = 'writing', writer_lease_until = now() + ${WRITER_LEASE} FROM account a
     WHERE e.id = ${exportId} AND e.status = 'approved' AND a.id = e.requester_id
     RETURNING e.requester_id, a.role, e.establishment_id, e.scope, e.fields, e.format, e.purpose, e.patients, e.recipient_key,
               (SELECT username FROM account WHERE id = e.decided_by) AS decider`);
  if (!row) return;
  const source: ExportSource = {
    id: exportId,
    requesterId: row.requester_id,
    requesterRole: row.role,
    establishmentId: row.establishment_id ?? undefined,
    scope: typeof row.scope === 'string' ? (JSON.parse(row.scope) as ExportScope) : row.scope,
    reason: `export ${exportId} for ${row.purpose}${row.decider ? `, approved by ${row.decider}` : ', under the approval threshold'}`,
  };
  const folder = exportFolder(deps.dir, exportId);
  const files = new Map<string, SealedFile>();
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const lines = exportLines(ExportMarks.of(deps.keys, exportId), row);
    await deps.db.run(sql`UPDATE export_request SET carriers = ${lines.carriers}, honey_rows = ${lines.honey?.count ?? 0} WHERE id = ${exportId}`);
    // The passphrase's key is derived once (scrypt is slow and takes 128 MiB on purpose); each file has a key of its own from it.
    const sealer = row.recipient_key ? recipientSealer(createPublicKey(row.recipient_key), exportId) : await fileSealer(passphrase ?? '');
    const fileOf = (type: string): SealedFile => {
      let file = files.get(type);
      if (!file) {
        const stream = sealer.stream();
        const digest = createHash('sha256');
        const hashed = new Transform({ transform: (chunk: Buffer, _encoding, done) => (digest.update(chunk), done(null, chunk)) });
        const written = pipeline(stream, hashed, createWriteStream(join(folder, exportFileName(type, row.format)), { flags: 'wx', mode: 0o600 }));
        file = { stream, written, resources: 0, sha256: () => digest.digest('hex') };
        files.set(type, file);
        if (row.format === 'csv') stream.write(csvHeader(type));
      }
      return file;
    };
    const write = async (resource: fhir4.Resource) => {
      const file = fileOf(resource.resourceType);
      file.resources++;
      if (!file.stream.write(lines.line(resource))) await once(file.stream, 'drain');
    };
    let written = 0;
    let last: fhir4.Patient | undefined;
    for (let after = NIL_UUID; ;) {
      const { records, next } = await exportPage(deps, source, after, PAGE);
      for (const record of records) {
        for (const resource of [record.patient, ...record.resources]) await write(resource);
        last = record.patient;
        for (const honey of lines.honey?.due(++written, last) ?? []) await write(honey);
      }
      await deps.db.run(
        sql`UPDATE export_request SET patients_written = patients_written + ${records.length}, writer_lease_until = now() + ${WRITER_LEASE} WHERE id = ${exportId}`,
      );
      if (!next) break;
      after = next;
    }
    for (const honey of lines.honey?.rest(last) ?? []) await write(honey);
    for (const file of files.values()) file.stream.end();
    await Promise.all([...files.values()].map((file) => file.written));
    await deps.db.transaction(async (tx) => {
      for (const [type, file] of files) {
        const { size } = await stat(join(folder, exportFileName(type, row.format)));
        await tx.run(
          sql`INSERT INTO export_file (export_id, resource_type, resources, bytes, sha256) VALUES (${exportId}, ${type}, ${file.resources}, ${size}, ${file.sha256()})`,
        );
      }
      // A migration's files are kept until its window closes, a week at most.
      await tx.run(sql`UPDATE export_request SET status = 'ready', ready_at = now(), receipt_key = ${sealer.receiptKey ?? null},
                expires_at = least(now() + make_interval(days => ${KEEP_DAYS}), coalesce(window_end, 'infinity'))
         WHERE id = ${exportId} AND status = 'writing'`);
    });
  } catch (error) {
    for (const file of files.values()) file.stream.destroy();
    await Promise.allSettled([...files.values()].map((file) => file.written));
    await rm(folder, { recursive: true, force: true });
    await deps.db.run(sql`UPDATE export_request SET status = 'failed', failure = ${(error as Error).message} WHERE id = ${exportId} AND status = 'writing'`);
  }
}

/**
 * Files are deleted at expiry, and as soon as an export is cancelled or has failed;
 * an expired export says so. The server sweeps every few minutes.
 */
export async function sweepExportFiles(deps: Pick<WriterDeps, 'db' | 'dir'>): Promise<number> {
  const gone = await deps.db.rows<{ id: string }>(sql`UPDATE export_request SET status = CASE WHEN status = 'ready' THEN 'expired' ELSE status END
     WHERE (status = 'ready' AND expires_at <= now()) OR (status IN ('cancelled', 'failed', 'received') AND id IN (SELECT export_id FROM export_file))
     RETURNING id`);
  for (const { id } of gone) await dropExportFiles(deps, id);
  return gone.length;
}

/** An export's files deleted, and their rows: the outbox's handler for an export cancelled (containment), and the sweep's. */
export async function dropExportFiles(deps: Pick<WriterDeps, 'db' | 'dir'>, exportId: string): Promise<boolean> {
  // The folder's name is the id: nothing else may name a path to delete.
  if (!isUuid(exportId)) return true;
  await rm(exportFolder(deps.dir, exportId), { recursive: true, force: true });
  await deps.db.run(sql`DELETE FROM export_file WHERE export_id = ${exportId}`);
  return true;
}
