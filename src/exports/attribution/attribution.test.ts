import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateGroup } from '../../seed/group.ts';
import { generatePatientRecord } from '../../seed/patient.ts';
import { csvHeader } from '../csv.ts';
import type { Carrier } from '../fingerprint/carriers.ts';
import { ExportMarks } from '../fingerprint/marks.ts';
import { exportLines, type ExportShape } from '../shape.ts';
import { logChanceOfInnocentMatch, probabilityText } from './bound.ts';
import { evidenceFor } from './evidence.ts';
import { sampleMarks } from './sample.ts';
import { csvCells } from '../../domain/csv-cells.ts';
import { leakedCsv, leakedNdjson } from '../../../test/support/leaked-sample.ts';

/**
 * Attribution, pure: an export's Observation file of more than 10,000 rows, a sample of
 * 100 of them with two columns (or members) dropped and a tenth of the values altered,
 * weighed against the export and against others of the same patients.
 */
const group = generateGroup(5);
const records = Array.from({ length: 1700 }, (_, index) => generatePatientRecord(group, 5, index));
const observations = records.flatMap((record) => record.resources.map((r) => r.resource).filter((r) => r.resourceType === 'Observation'));
const research: ExportShape = { purpose: 'research', fields: 'pseudonymised', format: 'csv', patients: records.length };
const newMarks = () => new ExportMarks(randomBytes(32), randomBytes(32));
/** As if a thousand exports had been written: each one's chance counts a thousand times. */
const EXPORTS = 1000;

function fileOf(marks: ExportMarks, shape: ExportShape): string[] {
  const lines = exportLines(marks, shape);
  return observations.map((resource) => lines.line(resource));
}

const leakedRows = (rows: string[], dropped: readonly string[], seed: number) => leakedCsv(csvHeader('Observation'), rows, { rows: 100, dropped, seed });

const logFalseAccusation = (marks: ExportMarks, carriers: Carrier[], sample: string) =>
  Math.log(EXPORTS) + logChanceOfInnocentMatch(evidenceFor(marks, carriers, new Set(), sampleMarks(sample)).counts);
const NAMED = Math.log(1e-6);

describe('a leaked CSV sample', () => {
  const source = newMarks();
  const carriers = exportLines(source, research).carriers;
  const rows = fileOf(source, research);

  it('of 100 rows of a 10,000-row export, two columns dropped and a tenth altered, names its export far below 1e-6', () => {
    expect(rows.length).toBeGreaterThan(10_000);
    for (const [seed, dropped] of [
      [1, ['id', 'patient']],
      [2, ['effective', 'value']],
      [3, ['label', 'unit']],
    ] as const) {
      const log = logFalseAccusation(source, carriers, leakedRows(rows, dropped, seed));
      expect(log, `dropped ${dropped.join(', ')}: ${probabilityText(log)}`).toBeLessThan(NAMED);
    }
  });

  it('names none of the other exports of the same patients, nor an export from a file that came from none', () => {
    const sample = leakedRows(rows, ['id', 'patient'], 4);
    for (let i = 0; i < 50; i++) expect(logFalseAccusation(newMarks(), carriers, sample)).toBeGreaterThan(NAMED);
    // The same patients written without any mark (as another system would write them).
    const plain = observations.map((resource) => exportLines(newMarks(), { ...research, format: 'csv' }).line(resource));
    expect(logFalseAccusation(source, carriers, leakedRows(plain, [], 5))).toBeGreaterThan(NAMED);
  });

  it('of a few rows only, or with every quote and second stripped, names nothing rather than guess', () => {
    const stripped = leakedRows(rows, ['id', 'patient'], 6)
      .replaceAll('"', '')
      .replace(/:\d\d([+-]\d\d:\d\d)/g, ':00$1');
    expect(logFalseAccusation(source, carriers, stripped)).toBeGreaterThan(NAMED);
    const few = leakedRows(rows, ['id', 'patient'], 7).split('\r\n').slice(0, 3).join('\r\n');
    expect(logFalseAccusation(source, carriers, few)).toBeGreaterThan(NAMED);
  });
});

describe('a leaked NDJSON sample', () => {
  const shape: ExportShape = { ...research, format: 'ndjson' };
  const source = newMarks();
  const carriers = exportLines(source, shape).carriers;
  const rows = fileOf(source, shape);

  const leaked = (seed: number, dropped: string[]) => leakedNdjson(rows, { rows: 100, dropped, seed });

  it('names its export with two members dropped from every line and a tenth of the values altered', () => {
    const log = logFalseAccusation(source, carriers, leaked(8, ['id', 'subject']));
    expect(log, probabilityText(log)).toBeLessThan(NAMED);
    for (let i = 0; i < 50; i++) expect(logFalseAccusation(newMarks(), carriers, leaked(8, ['id', 'subject']))).toBeGreaterThan(NAMED);
  });
});

describe('the false-accusation bound', () => {
  it('is never below the exact chance (binomial tails), and is 1 when nothing matched', () => {
    const tail = (n: number, k: number) => {
      let sum = 0;
      for (let i = k; i <= n; i++) sum += choose(n, i) / 2 ** n;
      return sum;
    };
    for (const [n, k] of [
      [20, 15],
      [100, 70],
      [300, 280],
      [10, 10],
    ] as const) {
      const bound = Math.exp(logChanceOfInnocentMatch([{ carrier: 'csv-quoting', tried: n, matched: k, chance: 0.5 }]));
      expect(bound).toBeGreaterThanOrEqual(tail(n, k) * (1 - 1e-9));
      expect(bound).toBeLessThan(Math.min(1, 50 * tail(n, k) + 1e-300));
    }
    expect(logChanceOfInnocentMatch([{ carrier: 'seconds', tried: 40, matched: 0, chance: 1 / 60 }])).toBe(0);
    expect(probabilityText(Math.log(3.2e-41))).toBe('3.2e-41');
  });
});

function choose(n: number, k: number): number {
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return out;
}

describe('CSV cells', () => {
  it('are read as RFC 4180 says, each noting whether it was quoted', () => {
    expect(csvCells('a,"b ""c""",\r\n"multi\r\nline",x')).toEqual([
      [
        { text: 'a', quoted: false },
        { text: 'b "c"', quoted: true },
        { text: '', quoted: false },
      ],
      [
        { text: 'multi\r\nline', quoted: true },
        { text: 'x', quoted: false },
      ],
    ]);
  });
});
