import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';

describe('canonical JSON of ledger entries', () => {
  it('does not depend on key order, and reads back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const shuffled = JSON.parse(JSON.stringify(value), function (this: unknown, _key, item) {
          if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
          return Object.fromEntries(Object.entries(item).reverse());
        });
        expect(canonicalJson(shuffled)).toBe(text);
      }),
    );
  });

  it('sorts keys, drops undefined members, writes dates in ISO form', () => {
    expect(canonicalJson({ b: 1, a: [true, null, undefined], c: undefined, d: new Date(0) })).toBe(
      '{"a":[true,null,null],"b":1,"d":"1970-01-01T00:00:00.000Z"}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});
