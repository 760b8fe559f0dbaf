import { randomBytes } from 'node:crypto';

/**
 * How the browser application receives the result of a single sign-on: the callback
 * keeps it under a random single-use code for a minute, gives the code to the browser in
 * an HttpOnly cookie and sends it to the application, which claims the result with that
 * cookie. The token never appears in a URL, a page or the browser's history.
 */
const HANDOFF_MS = 60_000;
/** Sign-ins in flight at once; more are refused rather than held (memory is bounded). */
const MAX_WAITING = 1000;

export class SsoHandoffs<T extends object = object> {
  private readonly waiting = new Map<string, { result: T; expires: number }>();

  keep(result: T, now = Date.now()): string | undefined {
    for (const [code, held] of this.waiting) if (held.expires <= now) this.waiting.delete(code);
    if (this.waiting.size >= MAX_WAITING) return undefined;
    const code = randomBytes(32).toString('base64url');
    this.waiting.set(code, { result, expires: now + HANDOFF_MS });
    return code;
  }

  claim(code: string | undefined, now = Date.now()): T | undefined {
    if (!code) return undefined;
    const held = this.waiting.get(code);
    this.waiting.delete(code);
    return held && held.expires > now ? held.result : undefined;
  }
}
