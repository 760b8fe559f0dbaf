import { buildApp } from '../../api/app.ts';
import type { DemoAccount } from '../../cli/demo-accounts.ts';
import { totpCode } from '../../identity/totp.ts';
import { SeededRandom } from '../../seed/random.ts';
import type { Store } from '../../store/open-store.ts';
import { scratchGroup } from '../scratch-group.ts';
import { SimulatedClock } from '../clock.ts';
import { costOf } from '../limits.ts';
import { Attacker } from './attacker.ts';
import { ReplayClient } from './http.ts';
import type { Scenario } from './scenario.ts';

/** What one attack obtained, and when it was stopped. */
export interface ReplayResult {
  scenario: string;
  threat: Scenario['threat'];
  account: string;
  requests: number;
  /** Distinct patients the attacker received outside the account's care relationships. */
  outside: number;
  /** Distinct patients it received within them (the stolen account's own patients). */
  inside: number;
  contained: { request: number; afterHours: number } | undefined;
  /** Why it got no further, when it was not contained. */
  stoppedBy: string;
  answers: Record<string, number>;
}

export interface ReplayOptions {
  patients: number;
  seed: number;
  onScenario?: (result: ReplayResult) => void;
}

/**
 * Replays attacks against a real server: a fresh embedded store seeded with a synthetic
 * group, Vigie listening on a local port with a simulated clock (so that days pass in
 * seconds), and each scenario's attacker signing in over HTTP with a demo account's
 * stolen password and TOTP secret. The leaked identities an attacker may hold are the
 * group's own patients, shuffled.
 */
export async function replayScenarios(scenarios: readonly Scenario[], options: ReplayOptions): Promise<ReplayResult[]> {
  const { store, accounts, identities: leaked, close } = await scratchGroup(options.patients, options.seed);
  const clock = new SimulatedClock();
  const app = await buildApp({ store, clock });
  try {
    const honeyIds = (await store.db.query<{ patient_id: string }>('SELECT patient_id FROM honey_record ORDER BY patient_id')).map((row) => row.patient_id);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const results: ReplayResult[] = [];
    for (const [n, scenario] of scenarios.entries()) {
      const account = accounts.filter((candidate) => candidate.role === scenario.attacker.role)[scenario.attacker.index];
      if (!account) throw new Error(`${scenario.name}: the demo group has no ${scenario.attacker.role} number ${scenario.attacker.index}`);
      const shuffled = new SeededRandom(options.seed, 'replay', n).sample(leaked, leaked.length);
      const started = clock.now().getTime();
      // A stolen token was opened by its holder, where they work; stolen credentials are used from the attacker's place.
      const client = new ReplayClient(base, scenario.attacker.from);
      const holder = new ReplayClient(base);
      const signedIn = await signIn(scenario.attacker.stolen === 'token' ? holder : client, account);
      const attacker = signedIn.token ? new Attacker(client, signedIn.token, clock, { leaked: shuffled, honeyIds }) : undefined;
      await attacker?.run(scenario.steps);
      client.close();
      holder.close();
      const { inside, outside } = attacker ? await tally(store, account.username, attacker.received) : { inside: 0, outside: 0 };
      const result: ReplayResult = {
        scenario: scenario.name,
        threat: scenario.threat,
        account: `${account.username} (${account.role})`,
        requests: attacker?.requests ?? 0,
        outside,
        inside,
        contained: attacker?.contained && { request: attacker.contained.request, afterHours: (attacker.contained.at.getTime() - started) / 3_600_000 },
        stoppedBy: signedIn.stoppedBy ?? (attacker?.contained ? 'containment' : stoppedBy(attacker!)),
        answers: Object.fromEntries(attacker?.answers ?? []),
      };
      options.onScenario?.(result);
      results.push(result);
    }
    return results;
  } finally {
    await app.close();
    await close();
  }
}

/** Password and TOTP, as the thief has them; a passkey the thief does not have. */
async function signIn(client: ReplayClient, account: DemoAccount): Promise<{ token?: string; stoppedBy?: string }> {
  const post = async (path: string, body: unknown) => ((await client.send('POST', path, body)).json ?? {}) as Record<string, string>;
  const { ticket } = await post('/api/auth/login', { username: account.username, password: account.password });
  const answer = await post('/api/auth/totp', { ticket, code: totpCode(account.totpSecret) });
  if (answer.token) return { token: answer.token };
  return { stoppedBy: answer.next ? 'sign-in: the account needs its passkey, which the thief does not have' : `sign-in refused` };
}

/** The received patients, split by whether the ledger shows a care relationship of the account behind their disclosure. */
async function tally(store: Store, username: string, received: ReadonlySet<string>): Promise<{ inside: number; outside: number }> {
  const rows = await store.db.query<{ patient_id: string; kind: string | null }>(
    `SELECT DISTINCT e.patient_id, e.detail -> 'basis' ->> 'kind' AS kind FROM audit_event e JOIN account a ON a.id = e.actor_id
     WHERE a.username = $1 AND e.outcome = 'allowed' AND e.patient_id IS NOT NULL`,
    [username],
  );
  const within = new Set(rows.filter((row) => row.kind !== null && costOf(row.kind) === 0).map((row) => row.patient_id));
  const inside = [...received].filter((id) => within.has(id)).length;
  return { inside, outside: received.size - inside };
}

/** What stopped an attacker that was not contained: its commonest refusal, unless its script ran to the end answered. */
function stoppedBy(attacker: Attacker): string {
  if (attacker.last.startsWith('2')) return 'nothing: its script ran to the end';
  const refusals = [...attacker.answers].filter(([key]) => !key.startsWith('2')).sort((a, b) => b[1] - a[1]);
  return refusals[0] ? `answers ${refusals[0][0]} (${refusals[0][1]} times)` : 'nothing: its script ran to the end';
}
