import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { finalThrough } from '../ledger/checkpoint.ts';
import { alertedSince, raiseAlert } from './alerts.ts';
import { DAY_MS, VOLUME } from './limits.ts';

/**
 * Volume far above the actor's own and its peers': the distinct patients each account was
 * given in the guard's day — within care relationships too, which budgets never charge —
 * against its own usual days (the 90th percentile of the last 30) and its peers' (the
 * median of the same role in the same unit, that day). A stolen doctor's account reading
 * every file of a large unit stays inside its relationships; this is what sees it. It
 * alerts the security officer; it does not contain (the reads were within need to know).
 *
 * A sweep counts the ledger's entries of the day so far, by number; the server sweeps
 * every few minutes, a simulation at the end of each simulated day. An account with
 * neither usual days nor peers is not the sweep's: the gate counts its patients in the
 * request (patients-given.ts), and alerts there.
 */
export async function sweepVolumes(db: Database, day: string, now: Date): Promise<number> {
  const through = await finalThrough(db);
  return db.transaction(async (tx) => {
    const last = await tx.one<{ day: string; first_seq: string; last_seq: string }>(
      sql`SELECT day::text AS day, first_seq, last_seq FROM guard_day ORDER BY day DESC LIMIT 1 FOR UPDATE`,
    );
    if (last && last.day > day) return 0;
    const first = last?.day === day ? BigInt(last.first_seq) : last ? BigInt(last.last_seq) + 1n : 1n;
    await tx.run(
      sql`INSERT INTO guard_day (day, first_seq, last_seq) VALUES (${day}, ${first.toString()}, ${through.toString()}) ON CONFLICT (day) DO UPDATE SET last_seq = excluded.last_seq`,
    );
    await tx.run(sql`INSERT INTO guard_volume (account_id, day, patients)
       SELECT e.actor_id, ${day}, count(DISTINCT e.patient_id) FROM audit_event e JOIN account a ON a.id = e.actor_id
       WHERE e.seq BETWEEN ${first.toString()} AND ${through.toString()} AND e.outcome = 'allowed' AND e.patient_id IS NOT NULL AND e.action IN ('read', 'search', 'everything')
       GROUP BY e.actor_id
       ON CONFLICT (account_id, day) DO UPDATE SET patients = excluded.patients`);
    // One statement for every account past the floor, with its own usual days and its peers' day: not a query per account.
    const candidates = await tx.rows<Usual>(sql`WITH today AS (
         SELECT v.account_id, v.patients, a.username, a.role, a.unit_id, a.establishment_id
         FROM guard_volume v JOIN account a ON a.id = v.account_id WHERE v.day = ${day} AND v.patients > ${VOLUME.floor}),
       own AS (
         SELECT v.account_id, percentile_cont(0.9) WITHIN GROUP (ORDER BY v.patients) AS own, count(*)::int AS days
         FROM guard_volume v WHERE v.account_id IN (SELECT account_id FROM today) AND v.day < ${day} AND v.day >= ${day}::date - 30 GROUP BY v.account_id),
       peers AS (
         SELECT t.account_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY v.patients) AS peers, count(*)::int AS peer_count
         FROM today t JOIN account p ON p.id <> t.account_id AND p.role = t.role AND p.unit_id IS NOT DISTINCT FROM t.unit_id
              AND p.establishment_id IS NOT DISTINCT FROM t.establishment_id
         JOIN guard_volume v ON v.account_id = p.id AND v.day = ${day} GROUP BY t.account_id)
       SELECT t.account_id, t.patients, t.username, t.role, o.own, coalesce(o.days, 0) AS days, pe.peers, coalesce(pe.peer_count, 0) AS peer_count
       FROM today t LEFT JOIN own o ON o.account_id = t.account_id LEFT JOIN peers pe ON pe.account_id = t.account_id`);
    let alerts = 0;
    for (const usual of candidates) if (await volumeAlert(tx, usual, { day, firstSeq: first.toString(), lastSeq: through.toString() }, now)) alerts++;
    return alerts;
  });
}

interface Usual {
  account_id: string;
  patients: number;
  username: string;
  role: string;
  own: number | null;
  days: number;
  peers: number | null;
  peer_count: number;
}

async function volumeAlert(tx: Sql, usual: Usual, range: { day: string; firstSeq: string; lastSeq: string }, now: Date): Promise<boolean> {
  const { day } = range;
  const { account_id: accountId, patients } = usual;
  const own = usual.days >= VOLUME.historyDays ? Number(usual.own) : undefined;
  const peers = usual.peer_count >= VOLUME.peers ? Number(usual.peers) : undefined;
  // With neither a history nor peers to compare with, the gate counts the account's patients in the request itself (patients-given.ts).
  if (own === undefined && peers === undefined) return false;
  const line = VOLUME.times * Math.max(own ?? 0, peers ?? 0, VOLUME.floor / VOLUME.times);
  if (patients <= line || (await alertedSince(tx, accountId, 'volume', new Date(now.getTime() - DAY_MS)))) return false;
  const against = [
    own === undefined ? undefined : `its usual ${Math.round(own)} (90th percentile of ${usual.days} days)`,
    peers === undefined ? undefined : `its ${usual.peer_count} peers' ${Math.round(peers)} (${usual.role}s of its unit, median)`,
  ].filter(Boolean);
  const explanation = `${usual.username} (${usual.role}) was given ${patients} patients on ${day}, more than ${VOLUME.times} times ${against.join(' and ')}`;
  const evidence = { address: undefined, from: `${day}T00:00:00.000Z`, to: now.toISOString(), ...range, patients, own, peers };
  await raiseAlert(tx, { accountId, detector: 'volume', severity: 'medium', explanation, evidence }, false, now);
  return true;
}
