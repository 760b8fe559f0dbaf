import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor.ts';
import { appendAudit } from '../ledger/append.ts';
import { enqueue } from '../runtime/outbox.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/** What a detector found, in one sentence, and where the evidence is in the ledger. */
export interface NewAlert {
  accountId: string;
  detector:
    | 'honey'
    | 'budget'
    | 'budget-soft'
    | 'probing'
    | 'token-elsewhere'
    | 'new-devices'
    | 'accounts-together'
    | 'volume'
    | 'hours'
    | 'export'
    | 'export-leak'
    | 'patient-report'
    | 'accounts-made'
    | 'passkey-enrolment'
    | 'break-glass';
  severity: 'high' | 'medium' | 'low';
  explanation: string;
  evidence: { sessionId?: string | undefined; address: string | undefined; from: string; to: string; [key: string]: unknown };
}

/** An alert for the security officer, and its ledger entry (which a SIEM reading the ledger's stream receives). */
export async function raiseAlert(tx: Sql, alert: NewAlert, contained: boolean, at: Date): Promise<string> {
  const id = randomUUID();
  await tx.run(
    sql`INSERT INTO guard_alert (id, account_id, detector, severity, explanation, evidence, contained, raised_at) VALUES (${id}, ${alert.accountId}, ${alert.detector}, ${alert.severity}, ${alert.explanation}, ${JSON.stringify(alert.evidence)}, ${contained}, ${at})`,
  );
  // For the security team's webhook, once this transaction commits.
  await enqueue(tx, 'guard-alert', [id]);
  await appendAudit(tx, [
    {
      action: 'alert',
      outcome: 'allowed',
      reason: alert.explanation,
      actorId: alert.accountId,
      sessionId: alert.evidence.sessionId,
      address: alert.evidence.address,
      detail: { alert: id, detector: alert.detector, severity: alert.severity, contained },
    },
  ]);
  return id;
}

/** Whether this detector already raised an alert about the account since `since` (one alert a day, not one a request). */
export async function alertedSince(tx: Sql, accountId: string, detector: NewAlert['detector'], since: Date): Promise<boolean> {
  const rows = await tx.rows(sql`SELECT 1 FROM guard_alert WHERE account_id = ${accountId} AND detector = ${detector} AND raised_at > ${since} LIMIT 1`);
  return rows.length > 0;
}

export const who = (actor: Actor) => `${actor.username} (${actor.role})`;

/** An alert about the actor, its evidence the actor's session and address over a window. */
export function alertOf(
  actor: Actor,
  detector: NewAlert['detector'],
  severity: NewAlert['severity'],
  explanation: string,
  from: Date,
  to: Date,
  more: Record<string, unknown>,
): NewAlert {
  return {
    accountId: actor.accountId,
    detector,
    severity,
    explanation,
    evidence: { sessionId: actor.sessionId, address: actor.address, from: from.toISOString(), to: to.toISOString(), ...more },
  };
}
