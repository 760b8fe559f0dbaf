import { createHmac } from 'node:crypto';
import { secureUrl } from '../domain/urls.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { ALERT_SELECT, viewOf, type AlertRow, type AlertView } from './alert-review.ts';

/**
 * The guard's alerts sent as they are raised to the security team's webhook (a SIEM, an
 * on-call tool): each alert once, as JSON, signed with a shared secret so that the
 * receiver knows it comes from Vigie and is fresh. Alerts wait in the database's outbox until
 * the receiver answers 2xx; several servers on one database never send one twice at once.
 */
export interface WebhookConfig {
  url: URL;
  secret: string;
}

/** VIGIE_ALERT_WEBHOOK and VIGIE_ALERT_WEBHOOK_SECRET (32 characters or more): both, or neither. */
export function alertWebhookFrom(env: NodeJS.ProcessEnv = process.env): WebhookConfig | undefined {
  const { VIGIE_ALERT_WEBHOOK: url, VIGIE_ALERT_WEBHOOK_SECRET: secret } = env;
  if (!url && !secret) return undefined;
  if (!url || !secret) throw new Error('The alert webhook is half configured: set VIGIE_ALERT_WEBHOOK and VIGIE_ALERT_WEBHOOK_SECRET');
  if (secret.length < 32) throw new Error('VIGIE_ALERT_WEBHOOK_SECRET must be 32 characters or more');
  return { url: secureUrl('VIGIE_ALERT_WEBHOOK', url), secret };
}

/**
 * What the receiver gets: the alert as the security officer sees it, but for a honey
 * record's id (no patient data: the evidence names sessions, addresses and times).
 */
export type WebhookBody = { type: 'vigie.guard.alert' } & AlertView;

/** The signature header's value: HMAC-SHA256 of "timestamp.body" with the shared secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const TIMEOUT_MS = 10_000;

/**
 * The outbox's handler for the guard's alerts (src/runtime/outbox.ts): the alert sent,
 * true once the receiver answered 2xx. The outbox tries again, later and later, until then.
 */
export function alertWebhook(db: Database, config: WebhookConfig): (alertId: string) => Promise<boolean> {
  return async (alertId) => {
    const row = await db.one<AlertRow>(sql`${ALERT_SELECT} WHERE g.id = ${alertId}`);
    // An alert no longer there (a test database emptied) has nothing to send.
    return row ? send(config, row) : true;
  };
}

async function send(config: WebhookConfig, row: AlertRow): Promise<boolean> {
  const view = viewOf(row);
  // Which patients are honey records stays with the security officer: a SIEM that knew would tell whoever reads it.
  const { patient: _honey, ...evidence } = view.evidence;
  const body = JSON.stringify({ type: 'vigie.guard.alert', ...view, evidence } satisfies WebhookBody);
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const response = await fetch(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-vigie-delivery': row.id,
        'x-vigie-timestamp': timestamp,
        'x-vigie-signature': webhookSignature(config.secret, timestamp, body),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return response.ok;
  } catch {
    return false;
  }
}
