import { execFileSync } from 'node:child_process';

/**
 * A throwaway PostgreSQL cluster for a benchmark run (`dir`: its folder, whose
 * data/postmaster.pid names the server's process), or the server of BENCH_DATABASE_URL.
 */
export function benchPostgres(): { url: string; dir?: string; stop(): void } {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop() {} };
  const [url, dir] = execFileSync('scripts/throwaway-postgres.sh', { encoding: 'utf8' }).trim().split(' ');
  return { url: url!, dir: dir!, stop: () => execFileSync('scripts/throwaway-postgres.sh', ['stop', dir!]) };
}
