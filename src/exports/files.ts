import { join } from 'node:path';
import type { Actor } from '../domain/actor.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { notFound, RefusedError } from '../domain/refusals.ts';
import { entryOf } from './requests.ts';
import { appendAudit } from '../ledger/append.ts';
import { exportFileName, exportFolder } from './writer.ts';

/** Times each file of an export may be taken, by its requester only. */
export const MAX_DOWNLOADS = 3;

export interface ExportFile {
  type: string;
  resources: number;
  bytes: number;
  downloads: number;
}

export async function filesOf(db: Database, exportId: string): Promise<ExportFile[]> {
  const rows = await db.rows<{ resource_type: string; resources: number; bytes: string | number; downloads: number }>(
    sql`SELECT resource_type, resources, bytes, downloads FROM export_file WHERE export_id = ${exportId} ORDER BY resource_type`,
  );
  return rows.map((row) => ({ type: row.resource_type, resources: row.resources, bytes: Number(row.bytes), downloads: row.downloads }));
}

/**
 * One file of a ready export, for its requester, MAX_DOWNLOADS times at most before it
 * expires; each taking is in the ledger. The path of the sealed file to send.
 */
export async function takeFile(db: Database, dir: string, actor: Actor, exportId: string, type: string): Promise<string> {
  if (!/^[A-Z][A-Za-z]{1,40}$/.test(type)) throw notFound(`file ${type}`);
  const taken = await db.transaction(async (tx) => {
    const row = await tx.one<{ downloads: number; format: string }>(sql`UPDATE export_file f SET downloads = downloads + 1 FROM export_request e
       WHERE f.export_id = ${exportId} AND f.resource_type = ${type} AND e.id = f.export_id AND e.requester_id = ${actor.accountId} AND e.status = 'ready' AND e.expires_at > now()
         AND f.downloads < ${MAX_DOWNLOADS}
       RETURNING f.downloads, e.format`);
    await appendAudit(tx, [
      entryOf(
        actor,
        'export-download',
        row ? 'allowed' : 'refused',
        row
          ? `export file ${type} taken (${row.downloads} of ${MAX_DOWNLOADS})`
          : `export file ${type}: not this actor's, not ready, expired, or taken ${MAX_DOWNLOADS} times`,
        { export: exportId, type },
      ),
    ]);
    return row;
  });
  if (!taken)
    throw new RefusedError(410, [
      {
        severity: 'error',
        code: 'not-found',
        diagnostics: `No file ${type} to take: the export is not yours or not ready, has expired, or the file was taken ${MAX_DOWNLOADS} times`,
      },
    ]);
  return join(exportFolder(dir, exportId), exportFileName(type, taken.format));
}
