/**
 * One byte string per ledger entry, the same whoever computes it and whenever: JSON with
 * object keys sorted (by UTF-16 code units, as RFC 8785 does), no whitespace, absent
 * values as null. The entry's hash is taken over these bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('a ledger entry holds finite numbers only');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    // The default sort compares UTF-16 code units. (A plain loop: verification runs this for every entry.)
    const record = value as Record<string, unknown>;
    let text = '';
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      text += `${text ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `{${text}}`;
  }
  throw new TypeError(`cannot put a ${typeof value} in a ledger entry`);
}
