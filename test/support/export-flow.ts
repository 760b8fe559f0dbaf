import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { openingStream, type Opener } from '../../src/exports/sealed-file.ts';
import { buildApp } from '../../src/api/app.ts';
import { readDemoAccounts, type DemoAccount } from '../../src/seed/demo-accounts.ts';
import { seedDatabase } from '../../src/seed/writer.ts';
import type { Store } from '../../src/runtime/open-store.ts';
import type { SoftwareAuthenticator } from './software-authenticator.ts';
import { openTestStore } from './test-store.ts';

/** The lines of a sealed export file, opened with its passphrase or the recipient's private key. */
export async function openedLines(sealed: Buffer, opener: Opener): Promise<string[]> {
  const out: Buffer[] = [];
  await pipeline(Readable.from([sealed]), openingStream(opener), new Writable({ write: (chunk: Buffer, _encoding, done) => (out.push(chunk), done()) }));
  return Buffer.concat(out).toString('utf8').split('\n').filter(Boolean);
}

/** The data protection officer approves an export: a fresh passkey, then the decision with its note and passphrase. */
export async function approveExport(
  app: FastifyInstance,
  dpo: Record<string, string>,
  authenticator: SoftwareAuthenticator,
  exportId: string,
  passphrase: string,
): Promise<void> {
  const options = (await app.inject({ method: 'POST', url: '/api/me/step-up/options', headers: dpo })).json();
  expect(
    (await app.inject({ method: 'POST', url: '/api/me/step-up/verify', payload: { response: authenticator.assert(options) }, headers: dpo })).statusCode,
  ).toBe(200);
  const approved = await app.inject({ method: 'POST', url: `/api/exports/${exportId}/approve`, payload: { note: 'avis favorable', passphrase }, headers: dpo });
  expect(approved.statusCode, approved.body).toBe(200);
}

/** Every file of a ready export, by type, opened: its lines. */
export async function exportFiles(
  app: FastifyInstance,
  requester: Record<string, string>,
  exportId: string,
  passphrase: string,
): Promise<Map<string, string[]>> {
  const status = await app.inject({ url: `/fhir/$export-status/${exportId}`, headers: requester });
  expect(status.statusCode, status.body).toBe(200);
  const files = new Map<string, string[]>();
  for (const { type, url } of status.json().output as { type: string; url: string }[]) {
    files.set(type, await openedLines((await app.inject({ url: new URL(url).pathname, headers: requester })).rawPayload, passphrase));
  }
  return files;
}

/** A fresh store seeded with a synthetic group and its demo accounts, and the API writing exports under `dir`. */
export async function seededExportApp(
  dir: string,
  seed: { patients: number; seed: number },
): Promise<{ store: Store; app: FastifyInstance; accounts: DemoAccount[] }> {
  const store = await openTestStore();
  const accountsFile = join(dir, 'accounts.json');
  await seedDatabase(store, { ...seed, accountsFile });
  return { store, app: await buildApp({ store, exportDir: join(dir, 'exports') }), accounts: readDemoAccounts(accountsFile) };
}

/** A seeded store and its app in a temporary folder, with the demo accounts ready to sign in; `close` removes it all. */
export interface SeededStage {
  /** The temporary folder: accounts file, export files. */
  dir: string;
  store: Store;
  app: FastifyInstance;
  accounts: Array<DemoAccount & { signIns: number }>;
  close(): Promise<void>;
}

export async function seededStage(name: string, seed: { patients: number; seed: number }): Promise<SeededStage> {
  const dir = mkdtempSync(join(tmpdir(), `vigie-${name}-`));
  const seeded = await seededExportApp(dir, seed);
  return {
    ...seeded,
    dir,
    accounts: seeded.accounts.map((demo) => ({ ...demo, signIns: 0 })),
    close: async () => {
      await seeded.app.close();
      await seeded.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
