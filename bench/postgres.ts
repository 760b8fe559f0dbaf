import { execFileSync } from 'node:child_process';

/**
 * A throwaway PostgreSQL cluster for a benchmark run, or the server of BENCH_DATABASE_URL.
 * Durable, as a real server runs: every commit flushed to disk (the tests' clusters are not).
 */
export function benchPostgres(): { url: string; stop(): void } {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop() {} };
  const [url, dir] = execFileSync('scripts/throwaway-postgres.sh', { encoding: 'utf8', env: { ...process.env, DURABLE: '1' } })
    .trim()
    .split(' ');
  return { url: url!, stop: () => execFileSync('scripts/throwaway-postgres.sh', ['stop', dir!]) };
}
