import { accessPolicyFrom } from '../access/policy.ts';
import { buildApp } from '../api/app.ts';
import { ssoConfigFrom } from '../identity/sso/config.ts';
import type { Store } from '../store/open-store.ts';
import type { RuntimeConfig } from './config.ts';

/** Serves until SIGINT/SIGTERM, then closes the database cleanly (PGlite flushes on close). */
export async function serve(store: Store, config: RuntimeConfig): Promise<string> {
  const app = await buildApp({ store, log: true, access: accessPolicyFrom(process.env), sso: ssoConfigFrom(process.env) });
  const address = await app.listen({ port: config.port, host: config.host });
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return address;
}
