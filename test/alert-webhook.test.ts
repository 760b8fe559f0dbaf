import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../src/store/sql.ts';
import { alertWebhook, alertWebhookFrom, webhookSignature, type WebhookConfig } from '../src/guard/alert-webhook.ts';
import { raiseAlert } from '../src/guard/alerts.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { Outbox } from '../src/runtime/outbox.ts';
import { Scheduler } from '../src/runtime/scheduler.ts';
import { testAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * The guard's alerts reach the security team's webhook — a real HTTP server here — each
 * once, signed, and wait in the database while the receiver is down.
 */
let store: Store;
let receiver: Server;
let config: WebhookConfig;
let answer = 200;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
const SECRET = 'a webhook secret of more than 32 characters';

beforeAll(async () => {
  store = await openTestStore();
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  config = alertWebhookFrom({ VIGIE_ALERT_WEBHOOK: `http://127.0.0.1:${port}/alerts`, VIGIE_ALERT_WEBHOOK_SECRET: SECRET })!;
});
afterAll(async () => {
  receiver.close();
  await store.close();
});

async function alertAbout(username: string) {
  const account = await testAccount(store, username, 'doctor');
  const evidence = {
    sessionId: '9a1f2b3c-0000-4000-8000-000000000001',
    address: '198.51.100.4',
    from: new Date().toISOString(),
    to: new Date().toISOString(),
    patient: '9a1f2b3c-0000-4000-8000-00000000beef',
  };
  return store.db.transaction((tx) =>
    raiseAlert(
      tx,
      { accountId: account.id, detector: 'token-elsewhere', severity: 'high', explanation: `${username}: a copied session token`, evidence },
      false,
      new Date(),
    ),
  );
}

describe('the alert webhook', () => {
  it('sends each alert once, signed with the shared secret, and keeps it while the receiver fails', async () => {
    const outbox = new Outbox().on('guard-alert', alertWebhook(store.db, config));
    const id = await alertAbout('hook.doctor');
    answer = 503;
    expect(await outbox.deliver(store.db)).toEqual({ done: 0, failed: 1 });
    // Not tried again before its time: the receiver is not flooded.
    expect(await outbox.deliver(store.db)).toEqual({ done: 0, failed: 0 });
    answer = 200;
    await store.db.run(sql`UPDATE outbox SET due_at = now() WHERE subject = ${id}`);
    expect(await outbox.deliver(store.db)).toEqual({ done: 1, failed: 0 });
    expect(await outbox.deliver(store.db)).toEqual({ done: 0, failed: 0 });
    expect(received).toHaveLength(2);
    const { headers, body } = received[1]!;
    expect(headers['x-vigie-delivery']).toBe(id);
    expect(headers['x-vigie-signature']).toBe(webhookSignature(SECRET, headers['x-vigie-timestamp'] as string, body));
    expect(webhookSignature('another secret, also long enough....', headers['x-vigie-timestamp'] as string, body)).not.toBe(headers['x-vigie-signature']);
    expect(JSON.parse(body)).toMatchObject({
      type: 'vigie.guard.alert',
      id,
      username: 'hook.doctor',
      detector: 'token-elsewhere',
      severity: 'high',
      contained: false,
      evidence: { address: '198.51.100.4' },
    });
    // A honey record's id never leaves for the SIEM.
    expect(body).not.toContain('00000000beef');
  });

  it('runs beside the server, sending alerts as they are raised', async () => {
    const errors: unknown[] = [];
    const outbox = new Outbox().on('guard-alert', alertWebhook(store.db, config));
    const scheduler = new Scheduler(store.db, (_job, error) => errors.push(error));
    scheduler.start([{ name: 'outbox', everyMs: 20, once: 'per-process', run: () => outbox.deliver(store.db) }]);
    try {
      const id = await alertAbout('hook.nurse');
      for (let i = 0; i < 200 && !received.some((r) => r.headers['x-vigie-delivery'] === id); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(received.filter((r) => r.headers['x-vigie-delivery'] === id)).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await scheduler.stop();
    }
  });

  it('is configured whole, signed with a long secret, over https away from the loopback interface', () => {
    expect(alertWebhookFrom({})).toBeUndefined();
    expect(() => alertWebhookFrom({ VIGIE_ALERT_WEBHOOK: 'https://siem.example/hook' })).toThrow(/half configured/);
    expect(() => alertWebhookFrom({ VIGIE_ALERT_WEBHOOK_SECRET: SECRET })).toThrow(/half configured/);
    expect(() => alertWebhookFrom({ VIGIE_ALERT_WEBHOOK: 'https://siem.example/hook', VIGIE_ALERT_WEBHOOK_SECRET: 'short' })).toThrow(/32 characters/);
    expect(() => alertWebhookFrom({ VIGIE_ALERT_WEBHOOK: 'http://siem.example/hook', VIGIE_ALERT_WEBHOOK_SECRET: SECRET })).toThrow(/https/);
    expect(() => alertWebhookFrom({ VIGIE_ALERT_WEBHOOK: 'not a url', VIGIE_ALERT_WEBHOOK_SECRET: SECRET })).toThrow(/not a URL/);
    expect(alertWebhookFrom({ VIGIE_ALERT_WEBHOOK: 'https://siem.example/hook', VIGIE_ALERT_WEBHOOK_SECRET: SECRET })?.url.href).toBe(
      'https://siem.example/hook',
    );
  });
});
