import { listMigrations } from '../store/migrate.ts';
import { openStore } from '../runtime/open-store.ts';
import type { RuntimeConfig } from './config.ts';

/**
 * `vigie migrate`: brings the database to this version's schema and grants the roles
 * their rights. Run it with the owner's DATABASE_URL before serving with the
 * application's login, which may not.
 */
export async function migrateCommand(config: RuntimeConfig): Promise<void> {
  const store = await openStore(config);
  await store.close();
  const latest = listMigrations().at(-1);
  console.log(`Database at migration ${latest?.version} (${latest?.name}); the roles vigie_app, vigie_gate and vigie_archivist hold their rights`);
}
