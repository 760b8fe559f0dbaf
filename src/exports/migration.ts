import type { Actor } from '../domain/actor.ts';
import { invalidParameter, notFound, versionConflict } from '../domain/refusals.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { ExportJobs } from './jobs.ts';
import { receiptHolds } from './receipt.ts';
import { entryOf } from './requests.ts';
import { EXPORT_SELECT, exportViewOf, type ExportRow, type ExportView } from './view.ts';
import { sweepExportFiles } from './writer.ts';

/**
 * Migration windows: an export approved for a window is written once the window opens —
 * its files are sealed to the receiving system's key, so no secret waits in memory — and
 * one whose window closed before it could be written expires. The server runs this every
 * minute; the files themselves expire when the window closes.
 */
export async function openWindows(db: Database, jobs: ExportJobs): Promise<string[]> {
  await db.run(sql`UPDATE export_request SET status = 'expired' WHERE status = 'scheduled' AND window_end <= now()`);
  const opened = await db.rows<{ id: string }>(
    sql`UPDATE export_request SET status = 'approved' WHERE status = 'scheduled' AND window_start <= now() RETURNING id`,
  );
  for (const { id } of opened) jobs.start(id);
  return opened.map((row) => row.id);
}

/**
 * The receiving system's receipt of an export sealed to its key (`vigie export receipt`):
 * the files it holds are the files written, proved with a key only the holder of the
 * private key could derive. Recorded, in the ledger, by the requester who carried the
 * files; the files are then deleted — the export has arrived, no copy need wait.
 */
export async function recordReceipt(
  deps: { db: Database; dir: string },
  actor: Actor,
  id: string,
  receipt: { files: string[]; proof: string },
): Promise<ExportView> {
  const { files, proof } = receipt;
  const outcome = await deps.db.transaction(async (tx) => {
    const row = await tx.one<ExportRow & { receipt_key: Uint8Array | null }>(
      sql`${EXPORT_SELECT} WHERE e.id = ${id} AND e.requester_id = ${actor.accountId} FOR UPDATE OF e`,
    );
    if (!row) throw notFound(`export ${id}`);
    if (row.status !== 'ready') throw versionConflict(`The export is ${row.status}: only a ready export is received`);
    if (!row.receipt_key) throw invalidParameter('This export is sealed to a passphrase: it has no receipt', 'proof');
    const written = (await tx.rows<{ sha256: string }>(sql`SELECT sha256 FROM export_file WHERE export_id = ${id} ORDER BY sha256`)).map((file) => file.sha256);
    const same = written.length === files.length && [...files].sort().every((file, i) => file === written[i]);
    if (!same || !receiptHolds(Buffer.from(row.receipt_key), id, files, proof)) return undefined;
    await tx.run(sql`UPDATE export_request SET status = 'received', received_at = now() WHERE id = ${id}`);
    await appendAudit(tx, [
      entryOf(actor, 'export-receipt', 'allowed', `export received by the system of key ${row.recipient_key_fingerprint}: ${files.length} files as written`, {
        export: id,
        files,
      }),
    ]);
    const after = await tx.one<ExportRow>(sql`${EXPORT_SELECT} WHERE e.id = ${id}`);
    return exportViewOf(after!);
  });
  if (!outcome) {
    await appendAudit(deps.db, [
      entryOf(actor, 'export-receipt', 'refused', 'a receipt that does not match the files written, or not proved with their key', { export: id }),
    ]);
    throw invalidParameter('The receipt does not name the files written, or its proof does not hold', 'proof');
  }
  await sweepExportFiles(deps);
  return outcome;
}
