import { buildApp } from '../../api/app.ts';
import type { DemoAccount } from '../../seed/demo-accounts.ts';
import type { Role } from '../../domain/roles.ts';
import { openSession } from '../../identity/sessions.ts';
import { totpCode } from '../../identity/totp.ts';
import { SeededRandom } from '../../seed/random.ts';
import type { Store } from '../../runtime/open-store.ts';
import { monthOfSignIns, scratchGroup, type Identity } from '../scratch-group.ts';
import { SimulatedClock } from '../../guard/clock.ts';
import { costOf } from '../../guard/limits.ts';
import { sweepVolumes } from '../../guard/volume.ts';
import { Attacker, type Loot } from './attacker.ts';
import { ReplayClient } from './http.ts';
import type { Scenario } from './scenario.ts';
import { sql } from '../../store/sql.ts';

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
  /** The detectors that alerted the security officer about the stolen accounts (the volume sweep run at the attack's end). */
  alerts: string[];
  /** What the attackers received, resource by resource (only when the stage asks to keep it). */
  output?: Array<Record<string, unknown>>;
  /** Oracle probing: real ids refused with an answer no unknown id got (DESIGN invariant 10: none). */
  oracleSorted?: number;
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
 * stolen password and TOTP secret (or a token its holder opened). The leaked identities an
 * attacker may hold are the group's own patients, shuffled.
 */
export async function replayScenarios(scenarios: readonly Scenario[], options: ReplayOptions): Promise<ReplayResult[]> {
  const { store, accounts, identities: leaked, close } = await scratchGroup(options.patients, options.seed);
  const clock = new SimulatedClock();
  const app = await buildApp({ store, clock });
  try {
    const honeyIds = (await store.db.rows<{ patient_id: string }>(sql`SELECT patient_id FROM honey_record ORDER BY patient_id`)).map((row) => row.patient_id);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const results: ReplayResult[] = [];
    // The stolen accounts' holders have worked for a month, from their own workstations.
    const ids = await store.db.rows<{ id: string }>(sql`SELECT id FROM account`);
    await monthOfSignIns(
      store.db,
      ids.map(({ id }) => ({ accountId: id, address: '127.0.0.1', userAgent: 'node' })),
    );
    const signIns = new Map<string, number>();
    for (const [n, scenario] of scenarios.entries()) {
      await freshGuard(store);
      const result = await replayScenario(scenario, n, {
        base,
        clock,
        store,
        accounts,
        honeyIds,
        signIns,
        leaked: new SeededRandom(options.seed, 'replay', n).sample(leaked, leaked.length),
      });
      options.onScenario?.(result);
      results.push(result);
    }
    return results;
  } finally {
    await app.close();
    await close();
  }
}

/** Each attack meets the group as it was: every account active, no budget spent, no address contained (the ledger keeps all). */
async function freshGuard(store: Store): Promise<void> {
  await store.db.transaction(async (tx) => {
    await tx.run(sql`UPDATE account SET status = 'active' WHERE status = 'contained'`);
    await tx.run(sql`DELETE FROM guard_event`);
    await tx.run(sql`UPDATE guard_address SET lifted_at = now(), note = ${'replay: the next attack'} WHERE lifted_at IS NULL`);
  });
}

/** A server under attack and what the attackers hold. */
export interface ReplayStage {
  base: string;
  clock: SimulatedClock;
  store: Store;
  accounts: readonly DemoAccount[];
  honeyIds: readonly string[];
  leaked: readonly Identity[];
  /** Sign-ins so far per account, for the TOTP step each uses. */
  signIns: Map<string, number>;
  /** Keep what the attackers received, in the result's `output`. */
  keepOutput?: boolean;
}

/**
 * One attack: every stolen account signed in (a stolen token by its holder, at their
 * workstation; stolen credentials by the attacker, from the scenario's address, or one of
 * its own), the leaked list shared out between them, and each step taken by each in turn.
 */
export async function replayScenario(scenario: Scenario, n: number, stage: ReplayStage): Promise<ReplayResult> {
  const crew = [scenario.attacker, ...scenario.attacker.accomplices].map((pick) => {
    const account = stage.accounts.filter((candidate) => candidate.role === pick.role)[pick.index];
    if (!account) throw new Error(`${scenario.name}: the demo group has no ${pick.role} number ${pick.index}`);
    return account;
  });
  const started = stage.clock.now().getTime();
  const alertsBefore = (await stage.store.db.rows<{ id: string }>(sql`SELECT id FROM guard_alert`)).map((row) => row.id);
  const from = scenario.attacker.from ?? `127.0.${10 + (n % 240)}.1`;
  const client = new ReplayClient(stage.base, from);
  const holder = new ReplayClient(stage.base);
  const share = Math.floor(stage.leaked.length / crew.length);
  const members = [];
  for (const [i, account] of crew.entries()) {
    const signedIn =
      scenario.attacker.stolen === 'insider'
        ? await insiderSession(stage.store, account, from)
        : await signIn(scenario.attacker.stolen === 'token' ? holder : client, account, stage.signIns);
    const loot = {
      leaked: stage.leaked.slice(i * share, (i + 1) * share),
      honeyIds: stage.honeyIds,
      place: await placeOf(stage.store, account.username),
      targets: account.role === 'user_admin' ? await accountTargets(stage.store) : undefined,
      inTheNews: scenario.steps.some((step) => step.do === 'break-glass' && step.famous) ? await stayingElsewhere(stage.store, account.username) : undefined,
    };
    const stepUp = scenario.attacker.stolen === 'insider' ? () => tapPasskey(stage.store, account.username, stage.clock.now()) : undefined;
    members.push({
      account,
      signedIn,
      attacker: signedIn.token ? new Attacker(client, signedIn.token, stage.clock, loot, stage.keepOutput, stepUp) : undefined,
    });
  }
  for (const step of scenario.steps) for (const { attacker } of members) await attacker?.run([step]);
  client.close();
  holder.close();
  await sweepVolumes(stage.store.db, stage.clock.now().toISOString().slice(0, 10), stage.clock.now());
  // Alerts raised during the attack: those that were not there before it (detectors outside the guard time them by the real clock, not the simulated one).
  const alerts = await stage.store.db.rows<{ detector: string }>(
    sql`SELECT DISTINCT g.detector FROM guard_alert g JOIN account a ON a.id = g.account_id WHERE a.username = ANY(${crew.map((account) => account.username)}::text[]) AND NOT g.id = ANY(${alertsBefore}::uuid[]) ORDER BY 1`,
  );
  const attackers = members.flatMap(({ attacker }) => (attacker ? [attacker] : []));
  const received = new Set(attackers.flatMap((attacker) => [...attacker.received]));
  const { inside, outside } = await tally(
    stage.store,
    crew.map((account) => account.username),
    received,
  );
  const lastContained = attackers.every((attacker) => attacker.contained)
    ? attackers
        .map((attacker) => attacker.contained!)
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .at(-1)
    : undefined;
  const answers = new Map<string, number>();
  for (const attacker of attackers) for (const [key, count] of attacker.answers) answers.set(key, (answers.get(key) ?? 0) + count);
  const probed = attackers.filter((attacker) => attacker.oracle.real.length > 0);
  // A real id answered 2xx is a disclosure (tallied above); one refused differently from every unknown id would be an oracle.
  const sorted = probed.reduce(
    (sum, attacker) => sum + attacker.oracle.real.filter((answer) => !/^2/.test(answer) && !attacker.oracle.unknown.has(answer)).length,
    0,
  );
  const first = members[0]!;
  return {
    scenario: scenario.name,
    threat: scenario.threat,
    account: crew.map((account) => `${account.username} (${account.role})`).join(', '),
    requests: attackers.reduce((sum, attacker) => sum + attacker.requests, 0),
    outside,
    inside,
    contained:
      attackers.length > 0 && lastContained
        ? { request: attackers.reduce((sum, attacker) => sum + attacker.contained!.request, 0), afterHours: (lastContained.at.getTime() - started) / 3_600_000 }
        : undefined,
    stoppedBy: first.signedIn.stoppedBy ?? (lastContained ? 'containment' : stoppedBy(first.attacker!)),
    answers: Object.fromEntries(answers),
    alerts: alerts.map((row) => row.detector),
    ...(stage.keepOutput ? { output: attackers.flatMap((attacker) => attacker.output) } : {}),
    ...(probed.length > 0 ? { oracleSorted: sorted } : {}),
  };
}

/** The patients staying now in a unit that is not the account's: those whose admission a famous name would put in the news. */
async function stayingElsewhere(store: Store, username: string): Promise<Set<string>> {
  const rows = await store.db.rows<{ patient_id: string }>(sql`SELECT DISTINCT l.patient_id FROM care_link l, account a
     WHERE a.username = ${username} AND l.kind = 'stay' AND l.starts_at <= now() AND (l.ends_at IS NULL OR l.ends_at > now()) AND l.unit_id IS DISTINCT FROM a.unit_id`);
  return new Set(rows.map((row) => row.patient_id));
}

/** Where a stolen account works, as its holder's screens show: its establishment, its unit (or the establishment's first), its practitioner. */
async function placeOf(store: Store, username: string): Promise<Loot['place']> {
  const row = await store.db.one<{
    establishment_id: string | null;
    unit_id: string | null;
    practitioner_id: string | null;
    first_unit: string | null;
  }>(sql`SELECT a.establishment_id, a.unit_id, a.practitioner_id,
            (SELECT o.id FROM organization o WHERE o.level = 'unit' AND o.establishment_id = a.establishment_id ORDER BY o.id LIMIT 1) AS first_unit
     FROM account a WHERE a.username = ${username}`);
  if (!row?.establishment_id) return undefined;
  return { establishmentId: row.establishment_id, unitId: row.unit_id ?? row.first_unit ?? undefined, practitionerId: row.practitioner_id ?? undefined };
}

/** The holder themselves, every factor in hand (an insider, or a thief with the passkey too): a session opened as theirs, from where they are. */
async function insiderSession(store: Store, account: DemoAccount, address: string): Promise<{ token?: string; stoppedBy?: string }> {
  const row = await store.db.one<{ id: string; role: Role }>(sql`SELECT id, role FROM account WHERE username = ${account.username}`);
  return { token: (await store.db.transaction((tx) => openSession(tx, row!, { address }))).token };
}

/** The insider's passkey step-up, on the server's clock (the ceremony itself is tested with the passkeys). */
async function tapPasskey(store: Store, username: string, at: Date): Promise<void> {
  await store.db.run(
    sql`UPDATE session SET step_up_at = ${at} WHERE account_id = (SELECT id FROM account WHERE username = ${username}) AND revoked_at IS NULL`,
  );
}

/** What a user administrator bent on making access would pick: the busiest unit, and the practitioners without an account who treat the most patients. */
async function accountTargets(store: Store): Promise<Loot['targets']> {
  const unit = await store.db.one<{ unit_id: string; establishment_id: string }>(
    sql`SELECT unit_id, establishment_id FROM care_link WHERE kind = 'stay' AND unit_id IS NOT NULL GROUP BY unit_id, establishment_id ORDER BY count(*) DESC LIMIT 1`,
  );
  if (!unit) return undefined;
  const doctors = await store.db.rows<{ practitioner_id: string }>(sql`SELECT practitioner_id FROM care_link WHERE kind = 'treating-doctor'
       AND practitioner_id NOT IN (SELECT practitioner_id FROM account WHERE practitioner_id IS NOT NULL)
     GROUP BY practitioner_id ORDER BY count(*) DESC LIMIT 50`);
  return { establishmentId: unit.establishment_id, unitId: unit.unit_id, practitionerIds: doctors.map((row) => row.practitioner_id) };
}

/** Password and TOTP, as the thief has them; a passkey the thief does not have. */
async function signIn(client: ReplayClient, account: DemoAccount, signInsOf: Map<string, number>): Promise<{ token?: string; stoppedBy?: string }> {
  const post = async (path: string, body: unknown) => ((await client.send('POST', path, body)).json ?? {}) as Record<string, string>;
  const { ticket } = await post('/api/auth/login', { username: account.username, password: account.password });
  // A code is accepted once: an account stolen again by a later scenario uses the next step's (±1 step is accepted).
  const signIns = signInsOf.get(account.username) ?? 0;
  signInsOf.set(account.username, signIns + 1);
  const answer = await post('/api/auth/totp', { ticket, code: totpCode(account.totpSecret, Date.now() + 30_000 * signIns) });
  if (answer.token) return { token: answer.token };
  if (answer.next === 'webauthn-enrol') {
    // The thief tries to enrol a passkey of its own, with no activation code to give.
    const enrol = await client.send('POST', '/api/auth/webauthn/register/options', { ticket, activationCode: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01' });
    if (enrol.status === 200) return { stoppedBy: 'nothing: the thief was offered its own passkey' };
    return { stoppedBy: 'sign-in: the first passkey needs the activation code handed to the owner, which the thief does not have' };
  }
  return { stoppedBy: answer.next ? 'sign-in: the account needs its passkey, which the thief does not have' : `sign-in refused` };
}

/**
 * The received patients, split by whether the ledger shows a care relationship of one of
 * the accounts behind their disclosure — one the accounts did not write themselves: a
 * stay or care team an attacker made for a patient outside its care opens the chart
 * for free afterwards, and that patient counts as outside.
 */
async function tally(store: Store, usernames: readonly string[], received: ReadonlySet<string>): Promise<{ inside: number; outside: number }> {
  const rows = await store.db.rows<{
    patient_id: string;
    kind: string | null;
  }>(sql`SELECT DISTINCT e.patient_id, e.detail -> 'basis' ->> 'kind' AS kind FROM audit_event e JOIN account a ON a.id = e.actor_id
     WHERE a.username = ANY(${usernames}::text[]) AND e.outcome = 'allowed' AND e.patient_id IS NOT NULL`);
  const made = new Set(rows.filter((row) => row.kind === 'relationship-write').map((row) => row.patient_id));
  const within = new Set(rows.filter((row) => row.kind !== null && costOf(row.kind) === 0 && !made.has(row.patient_id)).map((row) => row.patient_id));
  const inside = [...received].filter((id) => within.has(id)).length;
  return { inside, outside: received.size - inside };
}

/** What stopped an attacker that was not contained: its commonest refusal, unless its script ran to the end answered. */
function stoppedBy(attacker: Attacker): string {
  if (attacker.last.startsWith('2')) return 'nothing: its script ran to the end';
  const refusals = [...attacker.answers].filter(([key]) => !key.startsWith('2')).sort((a, b) => b[1] - a[1]);
  return refusals[0] ? `answers ${refusals[0][0]} (${refusals[0][1]} times)` : 'nothing: its script ran to the end';
}
