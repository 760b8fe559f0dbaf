import { readFileSync, writeFileSync } from 'node:fs';
import { exportCheckpoints, readCheckpointFile } from '../ledger/checkpoint-file.ts';
import { archiveLedger } from '../ledger/archive.ts';
import { openArchiveFile } from '../ledger/archive-segments.ts';
import { auditEventOf } from '../ledger/audit-event-fhir.ts';
import { finalThrough, writeCheckpoint } from '../ledger/checkpoint.ts';
import { entriesFrom } from '../ledger/entry-rows.ts';
import { proveConsistency, proveInclusion } from '../ledger/proofs.ts';
import { syslogLine } from '../ledger/syslog.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { openStore } from '../runtime/open-store.ts';
import type { RuntimeConfig } from './config.ts';
import { progressBar } from './progress.ts';

/**
 * `vigie audit verify`: exit 0 with the entry count and the head hash when the ledger is
 * intact; exit 1 naming the first bad entry otherwise (the contract of DESIGN.md).
 */
export async function auditVerifyCommand(config: RuntimeConfig, flags: { checkpoints?: string; archive?: string[] }): Promise<void> {
  const witness = flags.checkpoints ? readCheckpointFile(readFileSync(flags.checkpoints, 'utf8')) : undefined;
  const archives = await Promise.all((flags.archive ?? []).map(openArchiveFile));
  const store = await openStore(config);
  try {
    let bar: ReturnType<typeof progressBar> | undefined;
    const report = await verifyLedger(store.db, {
      publicKeys: [store.ledger.publicKey, ...(witness ? [witness.publicKey] : [])],
      witnessed: witness?.checkpoints,
      archives,
      onProgress: (checked, total) => {
        bar ??= progressBar('Verifying the ledger', Number(total));
        bar.update(Number(checked));
      },
    });
    bar?.stop();
    const before = report.beforeChain > 0n ? ` (${report.beforeChain} older entries predate the chain)` : '';
    const archived =
      report.archived > 0n
        ? `, of which ${report.archived} archived${archives.length > 0 ? ' and verified from their files' : ' (give their files with --archive to verify them too)'}`
        : '';
    if (report.intact) {
      console.log(`Ledger intact: ${report.entries} entries${archived}, head ${report.head}, ${report.checkpoints} signed checkpoints${before}`);
    } else {
      console.error(`Ledger BROKEN at entry ${report.problem!.seq}: ${report.problem!.message}`);
      console.error(`${report.entries} entries before it verified, up to hash ${report.head}`);
      process.exitCode = 1;
    }
  } finally {
    await store.close();
  }
}

/** `vigie audit archive --out FILE [--keep-days N]`: retention, as the archivist role. */
export async function auditArchiveCommand(config: RuntimeConfig, flags: { out: string; keepDays: number }): Promise<void> {
  const store = await openStore(config);
  try {
    await writeCheckpoint(store.db, store.ledger);
    let bar: ReturnType<typeof progressBar> | undefined;
    const archived = await archiveLedger(store.db, flags.out, {
      keepDays: flags.keepDays,
      onProgress: (written, total) => {
        bar ??= progressBar('Archiving the ledger', total);
        bar.update(written);
      },
    });
    bar?.stop();
    if (!archived) console.log(`Nothing to archive: no sealed segment is older than ${flags.keepDays} days`);
    else
      console.log(
        `${archived.entries} entries up to ${archived.throughSeq} archived to ${flags.out} (SHA-256 ${archived.sha256}) and removed from the database`,
      );
  } finally {
    await store.close();
  }
}

/** `vigie audit prove --entry SEQ | --from SIZE --to SIZE`: a proof to hand over, checked with the public key alone. */
export async function auditProveCommand(config: RuntimeConfig, flags: { entry?: string; from?: number; to?: number }): Promise<void> {
  const consistency = flags.from !== undefined && flags.to !== undefined;
  if ((flags.entry !== undefined) === consistency) throw new Error('Give either --entry SEQ, or --from SIZE and --to SIZE');
  const store = await openStore(config);
  try {
    const proof = consistency ? await proveConsistency(store.db, flags.from!, flags.to!) : await proveInclusion(store.db, BigInt(flags.entry!));
    console.log(JSON.stringify({ ...proof, publicKey: store.ledger.publicKey.export({ format: 'der', type: 'spki' }).toString('base64') }, null, 2));
  } finally {
    await store.close();
  }
}

/** `vigie audit checkpoints --out FILE`: signs what is new, then exports every checkpoint as a witness file. */
export async function auditCheckpointsCommand(config: RuntimeConfig, flags: { out: string }): Promise<void> {
  const store = await openStore(config);
  try {
    await writeCheckpoint(store.db, store.ledger);
    const file = await exportCheckpoints(store.db, store.ledger);
    writeFileSync(flags.out, JSON.stringify(file, null, 2) + '\n', { mode: 0o644 });
    const last = file.checkpoints.at(-1);
    console.log(
      `${file.checkpoints.length} signed checkpoints written to ${flags.out}${last ? ` (the last covers ${last.treeSize} entries)` : ''}; keep it away from the database`,
    );
  } finally {
    await store.close();
  }
}

/**
 * `vigie audit stream [--from SEQ] [--follow] [--format json|syslog]`: the ledger as JSON lines of FHIR
 * AuditEvent, in number order, each once, for a SIEM to ingest (pipe it to a file, a socket or
 * `logger`). With --follow it keeps waiting for new entries. On the embedded database it
 * cannot run beside the server (one process per data folder): use PostgreSQL for a live feed.
 */
export async function auditStreamCommand(config: RuntimeConfig, flags: { from?: string; follow?: boolean; format?: string }): Promise<void> {
  if (flags.format !== undefined && flags.format !== 'json' && flags.format !== 'syslog') throw new Error(`Unknown format ${flags.format}: json or syslog`);
  const store = await openStore(config);
  let stopped = false;
  const stop = () => (stopped = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    let next = BigInt(flags.from ?? '1');
    while (!stopped) {
      // Up to what is final now, page by page; the lanes are held once a round, not once a page.
      const through = await finalThrough(store.db);
      for (let rows = await entriesFrom(store.db, next, 1000, through); rows.length > 0 && !stopped; rows = await entriesFrom(store.db, next, 1000, through)) {
        for (const row of rows) {
          const event = auditEventOf({ ...row, username: null });
          process.stdout.write(`${flags.format === 'syslog' ? syslogLine(event, row) : JSON.stringify(event)}\n`);
        }
        next = BigInt(rows.at(-1)!.seq) + 1n;
      }
      if (!flags.follow) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    await store.close();
  }
}
