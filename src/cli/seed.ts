import { openStore } from '../runtime/open-store.ts';
import { seedDatabase, type SeedOptions, type SeedSummary } from '../seed/writer.ts';
import type { RuntimeConfig } from './config.ts';
import { defaultAccountsFile } from '../seed/demo-accounts.ts';
import { progressBar } from './progress.ts';

export async function seedCommand(config: RuntimeConfig, flags: { patients: number; seed: number; asOf?: string; accountsOut?: string }): Promise<void> {
  const store = await openStore(config);
  try {
    const accountsFile = flags.accountsOut ?? defaultAccountsFile(config.dataDir);
    const summary = await seedWithProgress(store, { patients: flags.patients, seed: flags.seed, asOf: flags.asOf, accountsFile });
    printSummary(summary);
  } finally {
    await store.close();
  }
}

export async function seedWithProgress(store: Awaited<ReturnType<typeof openStore>>, options: Omit<SeedOptions, 'onProgress'>): Promise<SeedSummary> {
  const bar = progressBar('Seeding patients', options.patients);
  try {
    return await seedDatabase(store, { ...options, onProgress: (done) => bar.update(done) });
  } finally {
    bar.stop();
  }
}

export function printSummary(summary: SeedSummary): void {
  const seconds = summary.milliseconds / 1000;
  console.log(
    `Seeded ${summary.patients} patients and ${summary.resources} clinical resources in ${seconds.toFixed(1)} s ` +
      `(${Math.round(summary.patients / seconds)} patients/s, ${Math.round((summary.patients + summary.resources) / seconds)} rows/s).`,
  );
  console.log(`Demo accounts (${summary.accounts}) written to ${summary.accountsFile}`);
}
