import { describe, expect, it } from 'vitest';
import { samePlace } from './places.ts';

const browser = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0';
const at = (address: string | undefined, userAgent: string | undefined = browser) => ({ address, userAgent });

describe('the place of a session', () => {
  it('is the same browser on the same network', () => {
    expect(samePlace(at('10.12.3.40'), at('10.12.3.40'))).toBe(true);
    expect(samePlace(at('10.12.3.40'), at('10.12.3.201'))).toBe(true);
    expect(samePlace(at('10.12.3.40'), at('::ffff:10.12.3.40'))).toBe(true);
    expect(samePlace(at('2001:db8:12:34::10'), at('2001:db8:12:34:ffff::1'))).toBe(true);
    expect(samePlace(at(undefined, undefined), at(undefined, undefined))).toBe(true);
  });

  it('is another one on another network, with another browser, or when one side is unknown', () => {
    expect(samePlace(at('10.12.3.40'), at('10.12.4.40'))).toBe(false);
    expect(samePlace(at('10.12.3.40'), at('198.51.100.7'))).toBe(false);
    expect(samePlace(at('2001:db8:12:34::10'), at('2001:db8:12:35::10'))).toBe(false);
    expect(samePlace(at('10.12.3.40'), at('2001:db8:12:34::10'))).toBe(false);
    expect(samePlace(at('10.12.3.40'), at('10.12.3.40', 'curl/8.5.0'))).toBe(false);
    expect(samePlace(at('10.12.3.40'), at(undefined))).toBe(false);
    expect(samePlace(at('not an address'), at('not an address either'))).toBe(false);
  });
});
