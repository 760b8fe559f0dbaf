import { describe, expect, it } from 'vitest';
import { encodeCbor } from './cbor.ts';

// Appendix A of RFC 8949: encoded examples.
describe('the test CBOR encoder', () => {
  it.each([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [1000000000000, '1b000000e8d4a51000'],
    [-1, '20'],
    [-7, '26'],
    [-257, '390100'],
    ['', '60'],
    ['IETF', '6449455446'],
    [new Uint8Array([1, 2, 3, 4]), '4401020304'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [
      new Map<number | string, number>([
        [1, 2],
        [3, 4],
      ]),
      'a201020304',
    ],
    [
      new Map<string, string>([
        ['a', 'A'],
        ['b', 'B'],
      ]),
      'a26161614161626142',
    ],
  ])('encodes %j as RFC 8949 does', (value, hex) => {
    expect(encodeCbor(value).toString('hex')).toBe(hex);
  });
});
