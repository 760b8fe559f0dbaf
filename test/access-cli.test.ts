import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RightsReview } from '../src/identity/rights-review.ts';
import { openStore } from '../src/runtime/open-store.ts';

/** `vigie access review` and `vigie access disable-dormant` as an operator runs them. */
const BIN = join(import.meta.dirname, '..', 'bin', 'vigie-dev.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vigie-access-'));
const data = join(dir, 'data');
const env = { ...process.env, VIGIE_DATA: '', DATABASE_URL: '', PORT: '' };
const vigie = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 120_000 });
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(() => {
  if (onPostgres) return;
  const seeded = vigie('seed', '--patients', '10', '--seed', '3', '--data', data, '--accounts-out', join(dir, 'accounts.json'));
  expect(seeded.status, seeded.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(onPostgres)('vigie access', () => {
  it('reviews every account per establishment, as JSON or a table', () => {
    const json = vigie('access', 'review', '--data', data, '--json');
    expect(json.status, json.stderr).toBe(0);
    const review = JSON.parse(json.stdout) as RightsReview;
    expect(review.establishments.length).toBeGreaterThan(10);
    const accounts = review.establishments.flatMap((establishment) => establishment.accounts);
    expect(new Set(accounts.map((account) => account.role))).toContain('user_admin');
    expect(accounts.every((account) => account.status === 'active' && !account.dormant && account.lastLoginAt === null)).toBe(true);
    const clinic = review.establishments.find((establishment) => establishment.id !== null)!;
    const one = vigie('access', 'review', '--data', data, '--establishment', clinic.id!);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toContain(clinic.name);
    expect(one.stdout).toMatch(/account\s+role\s+unit\s+status\s+created\s+last sign-in/);
    expect(one.stdout.split('\n').filter((line) => line.startsWith('  ') && !line.includes('last sign-in'))).toHaveLength(clinic.accounts.length);
  });

  it('refuses a malformed establishment id and a zero day count', () => {
    expect(vigie('access', 'review', '--data', data, '--establishment', 'clinique-1').stderr).toMatch(/Not an id/);
    expect(vigie('access', 'disable-dormant', '--data', data, '--days', '0').status).not.toBe(0);
  });

  it('disables dormant accounts in one command and says which', async () => {
    const store = await openStore({ dataDir: data, env });
    const [aged] = await store.db.query<{ username: string }>(
      `UPDATE account SET created_at = now() - interval '120 days' WHERE username = 'dpo' RETURNING username`,
    );
    await store.close();
    expect(aged).toBeDefined();
    const result = vigie('access', 'disable-dormant', '--data', data);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^disabled dpo \(dpo\): last sign-in never, created \d{4}-\d{2}-\d{2}$/m);
    expect(result.stdout).toMatch(/^1 dormant account\(s\) disabled/m);
    const review = JSON.parse(vigie('access', 'review', '--data', data, '--json').stdout) as RightsReview;
    const dpo = review.establishments.flatMap((establishment) => establishment.accounts).find((account) => account.username === 'dpo');
    expect(dpo).toMatchObject({ status: 'suspended', dormant: true });
    expect(vigie('access', 'disable-dormant', '--data', data, '--days', '90').stdout).toMatch(/^0 dormant/m);
  });

  it('explains itself', () => {
    const help = vigie('access', 'disable-dormant', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--days <n>/);
  });
});
