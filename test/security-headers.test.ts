import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { addSecurityHeaders } from '../src/api/security-headers.ts';

describe('the security headers', () => {
  it('are on every answer — a resource, a refusal, a route that does not exist, a failure — with Vigie policy', async () => {
    const app = Fastify();
    addSecurityHeaders(app);
    app.get('/resource', async () => ({ ok: true }));
    app.get('/refused', async (_request, reply) => reply.code(403).send({ refused: true }));
    app.get('/failing', async () => {
      throw new Error('failed');
    });
    for (const url of ['/resource', '/refused', '/missing', '/failing']) {
      const { headers } = await app.inject(url);
      expect(headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy'], url).toContain("object-src 'none'");
      expect(headers['strict-transport-security'], url).toMatch(/^max-age=\d+; includeSubDomains$/);
      expect(headers['x-content-type-options'], url).toBe('nosniff');
      expect(headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(headers['referrer-policy'], url).toBe('no-referrer');
      expect(headers['cross-origin-opener-policy'], url).toBe('same-origin');
    }
    await app.close();
  });
});
