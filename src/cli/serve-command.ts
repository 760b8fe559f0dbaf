import { openStore } from '../store/open-store.ts';
import type { RuntimeConfig } from './config.ts';
import { serve } from './serve.ts';

export async function serveCommand(config: RuntimeConfig): Promise<void> {
  const store = await openStore(config);
  const address = await serve(store, config);
  console.log(`Vigie listens on ${address} (FHIR base ${address}/fhir)`);
}
