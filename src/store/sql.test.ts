import { describe, expect, it } from 'vitest';
import { statements, type Sql } from './database.ts';
import { keepingRole, RoleChangeRefused } from './role-wall.ts';
import { sql, Statement } from './sql.ts';

describe('the sql tag', () => {
  it('numbers the values it is given, in order, and sends them apart from the text', () => {
    const id = "x'; DROP TABLE patient; --";
    const statement = sql`SELECT * FROM account WHERE id = ${id} AND role = ${'doctor'}`;
    expect(statement.text).toBe('SELECT * FROM account WHERE id = $1 AND role = $2');
    expect(statement.values).toEqual([id, 'doctor']);
  });

  it('splices a statement into another, renumbering its values', () => {
    const scope = sql`establishment_id = ${'e'} AND unit_id = ${'u'}`;
    const statement = sql`SELECT ${sql`id`} FROM care_link WHERE kind = ${'stay'} AND ${scope} LIMIT ${10}`;
    expect(statement.text).toBe('SELECT id FROM care_link WHERE kind = $1 AND establishment_id = $2 AND unit_id = $3 LIMIT $4');
    expect(statement.values).toEqual(['stay', 'e', 'u', 10]);
  });

  it('joins statements with a separator, a comma unless told', () => {
    const conditions = [sql`a = ${1}`, sql`b = ${2}`, sql`c IS NULL`];
    expect(sql`WHERE ${sql.join(conditions, sql` AND `)}`.text).toBe('WHERE a = $1 AND b = $2 AND c IS NULL');
    expect(sql`VALUES (${sql.join([sql`${'x'}`, sql`${'y'}`])})`.text).toBe('VALUES ($1, $2)');
  });

  it('joins nothing into nothing', () => {
    const statement = sql`SELECT 1 ${sql.join([])}`;
    expect(statement.text).toBe('SELECT 1 ');
    expect(statement.values).toEqual([]);
  });

  it('sends an array as one value', () => {
    const statement = sql`SELECT * FROM patient WHERE id = ANY(${['a', 'b']}::uuid[]) AND search @> ${[1n, 2n]}::bigint[]`;
    expect(statement.text).toBe('SELECT * FROM patient WHERE id = ANY($1::uuid[]) AND search @> $2::bigint[]');
    expect(statement.values).toEqual([
      ['a', 'b'],
      [1n, 2n],
    ]);
  });

  it('takes no string made at run time for text', () => {
    const text = 'SELECT 1; DROP TABLE patient';
    const strings = Object.assign([text], { raw: [text] });
    expect(() => sql(strings as unknown as TemplateStringsArray)).toThrow(TypeError);
    expect(() => sql(Object.freeze([text]) as unknown as TemplateStringsArray)).toThrow(TypeError);
    expect(() => new Statement(Symbol('sql') as never, [text], [])).toThrow(TypeError);
    expect(() => sql.join([text as unknown as Statement])).toThrow(TypeError);
    // Interpolated, the string is a value.
    expect(sql`SELECT ${text}`.text).toBe('SELECT $1');
  });

  it('refuses statements in an array, which would otherwise be sent as a value', () => {
    expect(() => sql`SELECT ${[sql`a`, sql`b`]}`).toThrow(/sql.join/);
  });
});

describe('statements on a handle', () => {
  const handle = (...rows: Array<Record<string, unknown>>) => {
    const sent: Array<{ text: string; params: readonly unknown[] | undefined }> = [];
    const sql: Sql = {
      ...statements,
      query: async <T>(text: string, params?: readonly unknown[]) => {
        sent.push({ text, params });
        return rows as T[];
      },
    };
    return { sql, sent };
  };

  it('run through the handle’s query, text and values', async () => {
    const { sql: tx, sent } = handle({ id: 'a' }, { id: 'b' });
    expect(await tx.rows(sql`SELECT id FROM account WHERE role = ${'doctor'}`)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await tx.one(sql`SELECT id FROM account`)).toEqual({ id: 'a' });
    await tx.run(sql`DELETE FROM session WHERE id = ${'s'}`);
    expect(sent.map((statement) => statement.text)).toEqual([
      'SELECT id FROM account WHERE role = $1',
      'SELECT id FROM account',
      'DELETE FROM session WHERE id = $1',
    ]);
    expect(sent.map((statement) => statement.params)).toEqual([['doctor'], [], ['s']]);
  });

  it('count as a number whichever way the driver sends a bigint', async () => {
    for (const count of [3, 3n, '3']) expect(await handle({ count }).sql.count(sql`SELECT count(*) FROM patient`)).toBe(3);
    await expect(handle({ a: 1, b: 2 }).sql.count(sql`SELECT 1 AS a, 2 AS b`)).rejects.toThrow(/one column/);
    await expect(handle().sql.count(sql`SELECT 1 WHERE false`)).rejects.toThrow(/no row/);
  });

  it('meet the role wall of a walled handle', async () => {
    const walled = keepingRole(handle().sql);
    await expect(walled.run(sql`RESET ROLE`)).rejects.toThrow(RoleChangeRefused);
    await expect(walled.rows(sql`SELECT set_config(${'role'}, ${'vigie_gate'}, true)`)).rejects.toThrow(RoleChangeRefused);
    await expect(walled.count(sql`SELECT count(*) FROM patient; SET ROLE vigie_gate`)).rejects.toThrow(RoleChangeRefused);
  });
});
