import { openStore } from '../runtime/open-store.ts';
import type { Settings } from './settings.ts';
import { serve } from './serve.ts';

export async function serveCommand(settings: Settings): Promise<void> {
  const store = await openStore(settings.runtime);
  if (store.ownerLogin) {
    console.warn(
      'Vigie works as the role vigie_app, but logs in as the owner of its tables, whose password could undo that. ' +
        'In production, migrate as the owner (vigie migrate) and serve with a login that is only a member of vigie_app (README, PostgreSQL).',
    );
  }
  const address = await serve(store, settings);
  console.log(`Vigie listens on ${address} (FHIR base ${address}/fhir)`);
}
