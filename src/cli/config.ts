import { resolve } from 'node:path';

/** Where Vigie keeps its data and listens, from flags first, then the environment. */
export interface RuntimeConfig {
  dataDir: string;
  databaseUrl: string | undefined;
  port: number;
  host: string;
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
  };
}
