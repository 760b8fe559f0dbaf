import { resolve } from 'node:path';
import { relyingPartyFrom, type RelyingParty } from '../identity/passkeys/relying-party.ts';

/** Where Vigie keeps its data and listens, from flags first, then the environment. */
export interface RuntimeConfig {
  dataDir: string;
  databaseUrl: string | undefined;
  port: number;
  host: string;
  /** Who Vigie is to passkeys: VIGIE_RP_ID and VIGIE_ORIGIN. */
  relyingParty: RelyingParty;
}

export function runtimeConfig(flags: { data?: string; port?: string; host?: string }, env = process.env): RuntimeConfig {
  const port = Number(flags.port ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${flags.port ?? env.PORT}`);
  return {
    dataDir: resolve(flags.data ?? env.VIGIE_DATA ?? '.vigie'),
    databaseUrl: env.DATABASE_URL || undefined,
    port,
    // Loopback by default: exposing patient data to a network is a decision, not a default.
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    relyingParty: relyingPartyFrom(env, port),
  };
}
