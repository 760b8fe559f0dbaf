import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../src/seed/demo-accounts.ts';
import { totpCode } from '../src/identity/totp.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import { openStore } from '../src/runtime/open-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * DESIGN invariants 1 and 8 against a real server process: under concurrent reads, every
 * patient disclosed has its ledger entry; killed mid-request (SIGKILL), the server leaves
 * neither a disclosure without an entry nor a broken chain.
 */
const BIN = join(import.meta.dirname, '..', 'bin', 'vigie-dev.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vigie-crash-'));
const data = join(dir, 'data');
const env = { ...process.env, VIGIE_DATA: '', DATABASE_URL: '', PORT: '' };
// Whatever happens to the test, no server it started is left running.
const servers = new Set<ChildProcess>();
afterAll(() => {
  for (const server of servers) if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startServer(): Promise<{ server: ChildProcess; base: string }> {
  const server = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], { env });
  servers.add(server);
  const base = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      const found = /listens on (http:\/\/\S+)/.exec(chunk.toString());
      if (found) resolve(found[1]!);
    });
    server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return { server, base };
}

async function signIn(base: string, account: DemoAccount, at: number): Promise<Record<string, string>> {
  const post = async (path: string, body: unknown) =>
    (await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<
      Record<string, string>
    >;
  const { ticket } = await post('/api/auth/login', { username: account.username, password: account.password });
  const { token } = await post('/api/auth/totp', { ticket, code: totpCode(account.totpSecret, at) });
  if (!token) throw new Error(`no token for ${account.username}`);
  return { authorization: `Bearer ${token}` };
}

/** Reads the patients in a loop, `inFlight` at a time, until stopped; counts the 200s. */
function hammer(base: string, headers: Record<string, string>, ids: readonly string[], inFlight: number) {
  let running = true;
  let disclosed = 0;
  let next = 0;
  // Who waits for the load to have disclosed so many (a condition, not a fixed sleep).
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const worker = async () => {
    while (running) {
      try {
        const response = await fetch(`${base}/fhir/Patient/${ids[next++ % ids.length]}`, { headers });
        if (response.status === 200 && ((await response.json()) as { resourceType?: string }).resourceType === 'Patient') disclosed++;
        for (const waiter of waiting.filter((waiter) => disclosed >= waiter.count)) waiter.resolve();
      } catch {
        return; // the server is gone
      }
    }
  };
  const workers = Array.from({ length: inFlight }, worker);
  return {
    /** Once `count` patients were disclosed under this load. */
    disclosed: (count: number) => new Promise<void>((resolve) => (disclosed >= count ? resolve() : waiting.push({ count, resolve }))),
    stop: async () => {
      running = false;
      await Promise.all(workers);
      return disclosed;
    },
  };
}

async function ledgerState(actorName: string) {
  const store = await openStore({ dataDir: data, env: {} as NodeJS.ProcessEnv });
  try {
    const report = await verifyLedger(store.db, { publicKeys: [store.ledger.publicKey] });
    const [{ n }] = (await store.db.rows<{ n: bigint }>(sql`SELECT count(*) AS n FROM audit_event e JOIN account a ON a.id = e.actor_id
       WHERE a.username = ${actorName} AND e.action = 'read' AND e.outcome = 'allowed'`)) as [{ n: bigint }];
    return { report, reads: Number(n) };
  } finally {
    await store.close();
  }
}

/** Patients disclosed under load before the server is stopped, then killed. */
const LOAD = 60;

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('a server under load, then killed', () => {
  it('writes exactly one entry per disclosed patient, and a kill -9 breaks nothing', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const seeded = spawnSync(
      process.execPath,
      [BIN, 'seed', '--patients', '200', '--as-of', today, '--data', data, '--accounts-out', join(dir, 'accounts.json')],
      {
        encoding: 'utf8',
        env,
        timeout: 120_000,
      },
    );
    expect(seeded.status, seeded.stderr).toBe(0);
    const doctor = (JSON.parse(readFileSync(join(dir, 'accounts.json'), 'utf8')) as DemoAccount[]).find((account) => account.role === 'doctor')!;

    // Under load, stopped cleanly: disclosures and entries match exactly.
    let { server, base } = await startServer();
    let headers = await signIn(base, doctor, Date.now());
    const list = (await (await fetch(`${base}/fhir/Patient?_count=50`, { headers })).json()) as fhir4.Bundle;
    const ids = (list.entry ?? []).map((entry) => entry.resource!.id!);
    expect(ids.length).toBeGreaterThan(0);
    let load = hammer(base, headers, ids, 12);
    await load.disclosed(LOAD);
    const disclosed = await load.stop();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    const clean = await ledgerState(doctor.username);
    expect(clean.report).toMatchObject({ intact: true });
    expect(disclosed).toBeGreaterThanOrEqual(LOAD);
    expect(clean.reads).toBe(disclosed);

    // Killed in the middle of the same load: every response received has its entry (a
    // committed read whose answer never left may have one too), and the chain holds.
    ({ server, base } = await startServer());
    headers = await signIn(base, doctor, Date.now() + 30_000);
    load = hammer(base, headers, ids, 12);
    await load.disclosed(LOAD);
    const gone = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    const beforeKill = await load.stop();
    await gone; // until the process is reaped, its pid still holds the folder's lock
    const killed = await ledgerState(doctor.username);
    expect(killed.report).toMatchObject({ intact: true });
    expect(beforeKill).toBeGreaterThanOrEqual(LOAD);
    expect(killed.reads - clean.reads).toBeGreaterThanOrEqual(beforeKill);
    expect(killed.reads - clean.reads).toBeLessThanOrEqual(beforeKill + 12);
  }, 180_000); // a seed, a server under load and its restart, as processes: slow on loaded cores
});
