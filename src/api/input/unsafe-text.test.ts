import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstUnsafeValue, unsafeCharacter } from './unsafe-text.ts';

describe('unsafe text', () => {
  it('finds NUL and lone surrogates, and lets any well-formed text through', () => {
    expect(unsafeCharacter('Zoé Ménard 😀')).toBeUndefined();
    expect(unsafeCharacter('a\u0000b')).toBe('a NUL character');
    expect(unsafeCharacter('\uD800')).toBe('invalid Unicode (a lone surrogate)');
    expect(unsafeCharacter('x\uDC00')).toBe('invalid Unicode (a lone surrogate)');
    expect(unsafeCharacter('\uDE00\uD83D')).toBe('invalid Unicode (a lone surrogate)');
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => unsafeCharacter(text.replaceAll('\u0000', '')) === undefined));
    // Whatever survives a round trip through UTF-8 unchanged is safe, but for NUL.
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const wellFormed = Buffer.from(text, 'utf8').toString('utf8') === text && !text.includes('\u0000');
        return (unsafeCharacter(text) === undefined) === wellFormed;
      }),
    );
  });

  it('walks values and keys of any depth without recursion, and refuses prototype keys', () => {
    expect(firstUnsafeValue({ name: [{ family: 'Martin', given: ['a\u0000'] }] })).toEqual({ at: 'body.name[0].given[0]', problem: 'a NUL character' });
    expect(firstUnsafeValue({ ['k\uD800']: 1 })).toEqual({ at: 'body.k\uFFFD', problem: 'invalid Unicode (a lone surrogate)' });
    expect(firstUnsafeValue(JSON.parse('{"a":{"__proto__":{}}}'))).toEqual({ at: 'body.a.__proto__', problem: "the key '__proto__'" });
    expect(firstUnsafeValue(JSON.parse(`${'['.repeat(200_000)}"\\u0000"${']'.repeat(200_000)}`))?.problem).toBe('a NUL character');
    expect(firstUnsafeValue({ n: 1, b: true, z: null, s: 'ok' })).toBeUndefined();
    expect(firstUnsafeValue(undefined)).toBeUndefined();
  });
});
