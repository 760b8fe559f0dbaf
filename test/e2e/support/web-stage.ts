import type { FastifyInstance } from 'fastify';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../../src/api/app.ts';
import { WEB_DIST } from '../../../src/api/web-routes.ts';
import type { DemoAccount } from '../../../src/seed/demo-accounts.ts';
import { SimulatedClock } from '../../../src/guard/clock.ts';
import { scratchGroup, type Identity } from '../../../src/drills/scratch-group.ts';
import { totpCode } from '../../../src/identity/totp.ts';
import type { Store } from '../../../src/runtime/open-store.ts';
import { sql } from '../../../src/store/sql.ts';

/**
 * A real Vigie for the browser tests: a seeded embedded store, the API and the built web
 * application on a local port, and Debian's Chromium driven by playwright-core. The
 * relying party is `localhost` on that port, so passkeys work with Chromium's virtual
 * authenticator.
 */
export interface WebStage {
  store: Store;
  app: FastifyInstance;
  clock: SimulatedClock;
  accounts: DemoAccount[];
  identities: Identity[];
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export const CHROMIUM = '/usr/bin/chromium';
const SCREENS = join(import.meta.dirname, '..', '..', '..', 'test-output', 'screens');

export async function startWebStage(options: { patients: number; seed: number }): Promise<WebStage> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('The web application is not built: npm run build:web (npm test does it)');
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does it)`);
  const group = await scratchGroup(options.patients, options.seed);
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const clock = new SimulatedClock();
  const app = await buildApp({
    store: group.store,
    clock,
    relyingParty: { id: 'localhost', name: 'Vigie', origins: [base] },
  });
  await app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Headless, and nothing that would reach for the closed network (this machine's Chromium notes).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    ...group,
    app,
    clock,
    base,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await group.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A fresh browser context (its own storage) with a page on Vigie, in French unless told. */
export async function openPage(stage: WebStage, locale = 'fr-FR'): Promise<{ context: BrowserContext; page: Page; errors: Error[] }> {
  const context = await stage.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Script errors and CSP violations: a test expects none.
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(new Error(message.text()));
  });
  await page.goto(stage.base);
  return { context, page, errors };
}

/**
 * Chromium's virtual authenticator (DevTools WebAuthn domain): a platform passkey that
 * verifies its user at once, as a fingerprint reader would.
 */
export async function virtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const devtools = await context.newCDPSession(page);
  await devtools.send('WebAuthn.enable');
  await devtools.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

export function demoAccount(stage: WebStage, role: string, index = 0): DemoAccount {
  const account = stage.accounts.filter((candidate) => candidate.role === role)[index];
  if (!account) throw new Error(`no demo ${role} number ${index}`);
  return account;
}

/** The next TOTP code of an account: a code is accepted once, so each sign-in moves the account's last step back first. */
export async function freshTotp(stage: WebStage, account: DemoAccount): Promise<string> {
  await stage.store.db.run(sql`UPDATE account SET totp_last_step = 0 WHERE username = ${account.username}`);
  return totpCode(account.totpSecret);
}

/** Password, then the TOTP code, as a person types them. */
export async function signInWithTotp(stage: WebStage, page: Page, account: DemoAccount): Promise<void> {
  await page.getByLabel('Identifiant').fill(account.username);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByLabel('Code à 6 chiffres de votre application d’authentification').fill(await freshTotp(stage, account));
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** A screenshot of the screen, for the README (test-output/ is not committed). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage });
}

/** A session over the API itself (no browser), for what another person does meanwhile. */
export async function apiSession(
  stage: WebStage,
  account: DemoAccount,
): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>> {
  const post = async (path: string, body: unknown) =>
    (await (
      await fetch(`${stage.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    ).json()) as Record<string, string>;
  const { ticket } = await post('/api/auth/login', { username: account.username, password: account.password });
  const { token } = await post('/api/auth/totp', { ticket, code: await freshTotp(stage, account) });
  if (!token) throw new Error(`${account.username} did not sign in`);
  return async (method, path, body) => {
    const response = await fetch(`${stage.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json().catch(() => undefined) };
  };
}

/** A privileged first sign-in in the browser: password, TOTP, then the activation code, the passkey's enrolment and the recovery codes. */
export async function signInEnrollingPasskey(stage: WebStage, page: Page, account: DemoAccount): Promise<void> {
  await signInWithTotp(stage, page, account);
  await page.getByLabel('Code d’activation (courrier remis à la création du compte)').fill(account.activationCode!);
  await page.getByRole('button', { name: 'Enregistrer une clé d’accès' }).click();
  await page.getByRole('button', { name: 'J’ai noté mes codes' }).click();
}

/** After a failed test, what each page still open showed (test-output/screens/failed-*.png). */
export async function screenshotFailure(stage: WebStage, task: { name: string; result?: { state?: string } }): Promise<void> {
  if (task.result?.state !== 'fail') return;
  const pages = stage.browser.contexts().flatMap((context) => context.pages());
  for (const [i, page] of pages.entries()) await screenshot(page, `failed-${task.name.replace(/\W+/g, '-').slice(0, 40)}-${i}`).catch(() => undefined);
  for (const context of stage.browser.contexts()) await context.close();
}

/** Form controls on the page with no accessible name (a label, or aria-label): each one a defect. */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
    .filter((control) => control.type !== 'hidden' && control.labels.length === 0 && !control.getAttribute('aria-label'))
    .map((control) => control.outerHTML)`);
}
