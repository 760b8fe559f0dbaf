import { buildApp } from '../api/app.ts';
import { openWindows } from '../exports/migration.ts';
import { dropExportFiles, sweepExportFiles } from '../exports/writer.ts';
import { join } from 'node:path';
import { alertWebhook } from '../guard/alert-webhook.ts';
import { sweepVolumes } from '../guard/volume.ts';
import { writeCheckpoint } from '../ledger/checkpoint.ts';
import type { Store } from '../runtime/open-store.ts';
import { Outbox } from '../runtime/outbox.ts';
import { Scheduler } from '../runtime/scheduler.ts';
import type { Settings } from './settings.ts';

const CHECKPOINT_EVERY_MS = 30_000;
const SWEEP_EVERY_MS = 5 * 60_000;
const WINDOWS_EVERY_MS = 60_000;
const OUTBOX_EVERY_MS = 5_000;

/** Serves until SIGINT/SIGTERM, then closes the database cleanly (PGlite flushes on close). */
export async function serve(store: Store, settings: Settings): Promise<string> {
  const config = settings.runtime;
  const app = await buildApp({
    store,
    log: true,
    access: settings.access,
    sso: settings.sso,
    relyingParty: config.relyingParty,
    trustedProxies: settings.trustedProxies,
    exportApprovalAbove: settings.exportApprovalAbove,
    exportDir: join(config.dataDir, 'exports'),
  });
  await app.exportJobs.failInterrupted();
  const address = await app.listen({ port: config.port, host: config.host });
  // What committed transactions left to do outside the database: the guard's alerts to the
  // security team's webhook (when there is one), a cancelled export's files deleted. Every
  // server delivers: an item is taken by one, under a lease (SKIP LOCKED).
  const outbox = new Outbox().on('export-files', (exportId) => dropExportFiles({ db: store.db, dir: app.exportJobs.dir }, exportId));
  if (settings.alertWebhook) outbox.on('guard-alert', alertWebhook(store.db, settings.alertWebhook));
  const scheduler = new Scheduler(store.db, (job, error) => app.log.error({ err: error, job }, 'background job failed'));
  scheduler.start([
    // This server's new ledger entries signed every half minute (and at exit, by store.close).
    { name: 'ledger-checkpoint', everyMs: CHECKPOINT_EVERY_MS, once: 'per-process', run: () => writeCheckpoint(store.db, store.ledger) },
    // Keys rotated by `vigie keys rotate` (on a database server) taken up within a checkpoint's time.
    { name: 'key-reload', everyMs: CHECKPOINT_EVERY_MS, once: 'per-process', run: () => store.keys.reload(store.db) },
    // Exports left by a server that stopped fail; files are deleted at expiry, or as soon as their export is cancelled.
    {
      name: 'export-files',
      everyMs: SWEEP_EVERY_MS,
      once: 'per-database',
      run: async () => {
        await app.exportJobs.failInterrupted();
        await sweepExportFiles({ db: store.db, dir: app.exportJobs.dir });
      },
    },
    { name: 'outbox', everyMs: OUTBOX_EVERY_MS, once: 'per-process', run: () => outbox.deliver(store.db) },
    // Migrations approved for a window are written once it opens.
    { name: 'export-windows', everyMs: WINDOWS_EVERY_MS, once: 'per-database', run: () => openWindows(store.db, app.exportJobs) },
    // The guard's volume detector counts the day's disclosures so far.
    {
      name: 'volume-sweep',
      everyMs: SWEEP_EVERY_MS,
      once: 'per-database',
      run: () => sweepVolumes(store.db, new Date().toISOString().slice(0, 10), new Date()),
    },
  ]);
  const stop = async () => {
    await scheduler.stop();
    await app.exportJobs.settled();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return address;
}
