import { describe, expect, it } from 'vitest';
import { copyStatement, encodeCopy, type CopyColumns, type CopyValue } from './copy-binary.ts';

const copy = (columns: CopyColumns, rows: ReadonlyArray<readonly CopyValue[]>) => encodeCopy({ table: 't', columns, values: (row) => row }, rows);
const bytes = (columns: CopyColumns, rows: ReadonlyArray<readonly CopyValue[]>) => Buffer.from(copy(columns, rows).data);

describe('COPY in binary format', () => {
  it('writes the signature, each row as its field count and its values with their lengths, then the trailer', () => {
    const written = bytes({ n: 'int4', t: 'text', x: 'int8[]' }, [[7, null, []]]);
    expect(written.toString('hex')).toBe(
      [
        '5047434f50590aff0d0a00', // PGCOPY\n\377\r\n\0
        '00000000' + '00000000', // flags, no header extension
        '0003', // three fields
        '00000004' + '00000007', // int4 7
        'ffffffff', // null
        '0000000c' + '00000000' + '00000000' + '00000014', // an empty int8[]: no dimension, no nulls, int8's oid
        'ffff', // trailer
      ].join(''),
    );
    expect(copyStatement(copy({ n: 'int4', t: 'text' }, []), 'STDIN')).toBe('COPY t (n, t) FROM STDIN WITH (FORMAT binary)');
  });

  it('writes an instant as microseconds since 2000-01-01 UTC, whatever offset it was given with', () => {
    const at = (value: string) =>
      bytes({ at: 'timestamptz' }, [[value]])
        .subarray(19 + 6, 19 + 14)
        .readBigInt64BE();
    expect(at('2000-01-01T00:00:00Z')).toBe(0n);
    expect(at('2000-01-01T01:00:00.001+01:00')).toBe(1000n);
    expect(at('1999-12-31T23:59:59Z')).toBe(-1_000_000n);
  });

  it('refuses a value its column cannot hold rather than guess, and a row of the wrong length', () => {
    const refused = (type: CopyColumns[string], value: unknown) => () => bytes({ v: type }, [[value as never]]);
    expect(refused('uuid', 'not-a-uuid')).toThrow(/uuid/);
    expect(refused('timestamptz', '2024-05-01')).toThrow(/offset/);
    expect(refused('timestamptz', '2024-05-01T10:00:00.1234Z')).toThrow(/offset/);
    expect(refused('int2', 40_000)).toThrow(RangeError);
    expect(refused('int4', 1.5)).toThrow(/integer/);
    expect(refused('bytea', 'text')).toThrow(/bytes/);
    expect(refused('text', 3)).toThrow(/string/);
    expect(() => bytes({ a: 'int4', b: 'int4' }, [[1]])).toThrow(/1 values for 2 columns/);
  });

  it('refuses a table or column that is not a plain name, as the statement is sent without the role wall', () => {
    const shaped = (table: string, column: string) => encodeCopy({ table, columns: { [column]: 'int4' }, values: (row: readonly CopyValue[]) => row }, []);
    expect(() => copyStatement(shaped('t; RESET ROLE', 'n'), 'STDIN')).toThrow(/plain/);
    expect(() => copyStatement(shaped('t', 'n) FROM PROGRAM (x'), 'STDIN')).toThrow(/plain/);
    expect(copyStatement(shaped('care_link', 'starts_at'), 'STDIN')).toBe('COPY care_link (starts_at) FROM STDIN WITH (FORMAT binary)');
  });
});
