import { csvCells } from '../../src/domain/csv-cells.ts';
import { SeededRandom } from '../../src/seed/random.ts';

/**
 * A leaked sample as the acceptance describes it: some rows of an export file taken at
 * random and shuffled, columns dropped, a tenth of the values altered — as someone
 * covering their tracks, or cleaning the data, would leave it.
 */
export function leakedCsv(header: string, rows: readonly string[], options: { rows: number; dropped: readonly string[]; seed: number }): string {
  const rand = seeded(options.seed);
  const names = header.trim().split(',');
  const keep = names.map((name, i) => (options.dropped.includes(name) ? -1 : i)).filter((i) => i >= 0);
  const picked = Array.from({ length: options.rows }, () => rows[Math.floor(rand() * rows.length)]!);
  const cells = picked.map((line) => csvCells(line.trimEnd())[0]!.map((cell) => (cell.quoted ? `"${cell.text.replaceAll('"', '""')}"` : cell.text)));
  const out = cells.map((row) => keep.map((i) => (rand() < 0.1 ? altered(row[i] ?? '', rand) : (row[i] ?? ''))));
  return [keep.map((i) => names[i]).join(','), ...out.map((row) => row.join(','))].join('\r\n');
}

/** NDJSON lines taken at random, members dropped from each, a tenth of the plain values altered. */
export function leakedNdjson(rows: readonly string[], options: { rows: number; dropped: readonly string[]; seed: number }): string {
  const rand = seeded(options.seed);
  return Array.from({ length: options.rows }, () => {
    const resource = JSON.parse(rows[Math.floor(rand() * rows.length)]!) as Record<string, unknown>;
    for (const name of options.dropped) delete resource[name];
    return JSON.stringify(alteredValues(resource, rand));
  }).join('\n');
}

function seeded(seed: number): () => number {
  const generator = new SeededRandom('leak', seed);
  return () => generator.next();
}

/** A cell changed: a digit, a letter, or its quotes gone. */
function altered(cell: string, rand: () => number): string {
  if (cell.startsWith('"'))
    return cell
      .slice(1, -1)
      .replaceAll('""', '"')
      .replace(/[,\r\n"]/g, ';');
  const digit = cell.search(/\d/);
  return digit >= 0 ? `${cell.slice(0, digit)}${(Number(cell[digit]) + 1 + Math.floor(rand() * 8)) % 10}${cell.slice(digit + 1)}` : `${cell}x`;
}

function alteredValues(value: unknown, rand: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => alteredValues(item, rand));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, name === 'resourceType' ? item : alteredValues(item, rand)]));
  if (rand() >= 0.1) return value;
  return typeof value === 'number' ? value + 1 : typeof value === 'string' ? `${value}x` : value;
}
