import { buildApp } from '../api/app.ts';
import { openWindows } from '../exports/migration.ts';
import { sweepExportFiles } from '../exports/writer.ts';
import { join } from 'node:path';
import { startAlertWebhook } from '../guard/alert-webhook.ts';
import { sweepVolumes } from '../guard/volume.ts';
import { writeCheckpoint } from '../ledger/checkpoint.ts';
import type { Store } from '../runtime/open-store.ts';
import type { Settings } from './settings.ts';

const CHECKPOINT_EVERY_MS = 30_000;
const VOLUME_SWEEP_EVERY_MS = 5 * 60_000;
const WINDOWS_EVERY_MS = 60_000;

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
  const webhook = settings.alertWebhook;
  const address = await app.listen({ port: config.port, host: config.host });
  // The guard's alerts to the security team's webhook, as they are raised.
  const stopWebhook = webhook ? startAlertWebhook(store.db, webhook, (error) => app.log.error(error)) : () => {};
  // The ledger's new entries are signed every half minute (and at exit, by store.close).
  const checkpoints = setInterval(() => void writeCheckpoint(store.db, store.ledger).catch((error) => app.log.error(error)), CHECKPOINT_EVERY_MS);
  checkpoints.unref();
  // The guard's volume detector counts the day's disclosures so far every few minutes.
  // Export files are deleted at expiry, or as soon as their export is cancelled.
  const exportFiles = setInterval(
    () =>
      void Promise.all([app.exportJobs.failInterrupted(), sweepExportFiles({ db: store.db, dir: app.exportJobs.dir })]).catch((error) => app.log.error(error)),
    VOLUME_SWEEP_EVERY_MS,
  );
  exportFiles.unref();
  // Migrations approved for a window are written once it opens.
  const windows = setInterval(() => void openWindows(store.db, app.exportJobs).catch((error) => app.log.error(error)), WINDOWS_EVERY_MS);
  windows.unref();
  const volumes = setInterval(
    () => void sweepVolumes(store.db, new Date().toISOString().slice(0, 10), new Date()).catch((error) => app.log.error(error)),
    VOLUME_SWEEP_EVERY_MS,
  );
  volumes.unref();
  // Keys rotated by `vigie keys rotate` (on a database server) are taken up within a checkpoint's time.
  const keys = setInterval(() => void store.keys.reload(store.db).catch((error) => app.log.error(error)), CHECKPOINT_EVERY_MS);
  keys.unref();
  const stop = async () => {
    clearInterval(checkpoints);
    clearInterval(keys);
    clearInterval(volumes);
    clearInterval(exportFiles);
    clearInterval(windows);
    await app.exportJobs.settled();
    stopWebhook();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return address;
}
