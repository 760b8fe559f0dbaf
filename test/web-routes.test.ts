import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SsoHandoffs } from '../src/api/sso-handoff.ts';
import { webRoutes } from '../src/api/web-routes.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the web application files', () => {
  it('serves the page and the built assets, and nothing else of the disk', async () => {
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Vigie</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    const app = Fastify();
    await app.register(async (scope) => webRoutes(scope, dist));
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const script = await app.inject('/assets/index-abc123.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    for (const url of ['/assets/..%2F..%2Fsecret.txt', '/assets/.hidden.js', '/assets/secret.txt', '/assets/missing-1.js', '/assets/%2e%2e%2findex.html']) {
      expect((await app.inject(url)).statusCode, url).toBe(404);
    }
    await app.close();
  });

  it('says how to build them when they are not built', async () => {
    const app = Fastify();
    await app.register(async (scope) => webRoutes(scope, join(dir, 'nothing')));
    const page = await app.inject('/');
    expect(page.statusCode).toBe(404);
    expect(page.json().issue[0].diagnostics).toMatch(/npm run build:web/);
    await app.close();
  });
});

describe('the single sign-on handoff', () => {
  it('gives a result once, to its code, within a minute', () => {
    const handoffs = new SsoHandoffs();
    const code = handoffs.keep({ token: 't' }, 0)!;
    expect(handoffs.claim('another', 1)).toBeUndefined();
    expect(handoffs.claim(code, 1)).toEqual({ token: 't' });
    expect(handoffs.claim(code, 2)).toBeUndefined();
    const late = handoffs.keep({ token: 'u' }, 0)!;
    expect(handoffs.claim(late, 60_001)).toBeUndefined();
    expect(handoffs.claim(undefined)).toBeUndefined();
  });

  it('holds a bounded number of sign-ins at once', () => {
    const handoffs = new SsoHandoffs();
    for (let i = 0; i < 1000; i++) expect(handoffs.keep({ i }, 0)).toBeDefined();
    expect(handoffs.keep({ over: true }, 0)).toBeUndefined();
    // Expired ones make room.
    expect(handoffs.keep({ later: true }, 60_001)).toBeDefined();
  });
});
