import { memberPath, objectAnchor, ORDERED_MEMBERS, timeAnchor } from '../fingerprint/anchors.ts';
import { needsQuotes } from '../csv.ts';
import { csvCells } from '../../domain/csv-cells.ts';

/**
 * What a leaked sample shows of the marks an export may have left: its pseudonym-like
 * tokens, its CSV cells' quoting, its times' seconds, its JSON objects' member order. The
 * sample may be partial, reordered, cut short, with columns or members dropped and values
 * altered: each mark is read where it survived, and counted once per anchor (a value seen
 * twice is one piece of evidence, not two).
 */
export interface SampleMarks {
  format: 'ndjson' | 'csv';
  rows: number;
  tokens: string[];
  /** CSV cells that need no quotes, by text: whether they were quoted. */
  quoting: Map<string, boolean>;
  /** Times to the second, by anchor: their seconds. */
  seconds: Map<string, number>;
  /** JSON objects of three members or more, by anchor: their members in the order seen. */
  orders: Map<string, string[]>;
}

/** Pieces of evidence of one kind kept, at most: enough to name an export many times over. */
const MOST = 100_000;
const TOKEN = /(?<![a-z2-7])[a-z2-7]{24}(?![a-z2-7])/g;

export function sampleMarks(text: string): SampleMarks {
  const format = /^\s*\{/.test(text) ? 'ndjson' : 'csv';
  const marks: SampleMarks = {
    format,
    rows: 0,
    tokens: [...new Set(text.match(TOKEN) ?? [])].slice(0, MOST),
    quoting: new Map(),
    seconds: new Map(),
    orders: new Map(),
  };
  if (format === 'ndjson') readNdjson(text, marks);
  else readCsv(text, marks);
  return marks;
}

function readNdjson(text: string, marks: SampleMarks): void {
  for (const line of text.split('\n')) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a line cut short or edited out of JSON: the others still speak
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    marks.rows++;
    const resourceType = (value as { resourceType?: unknown }).resourceType;
    walk(marks, typeof resourceType === 'string' ? resourceType : '?', value as Record<string, unknown>, true);
  }
}

function walk(marks: SampleMarks, path: string, value: Record<string, unknown>, root: boolean): void {
  const names = Object.keys(value).filter((name) => !(root && name === 'resourceType'));
  if (names.length >= ORDERED_MEMBERS) keep(marks.orders, objectAnchor(path, value), names);
  for (const name of Object.keys(value)) seen(marks, memberPath(path, name), value[name]);
}

function seen(marks: SampleMarks, path: string, value: unknown): void {
  if (typeof value === 'string') readTime(marks, value);
  else if (Array.isArray(value)) for (const item of value) seen(marks, path, item);
  else if (value !== null && typeof value === 'object') walk(marks, path, value as Record<string, unknown>, false);
}

function readTime(marks: SampleMarks, text: string): void {
  const time = timeAnchor(text);
  if (time) keep(marks.seconds, time.anchor, time.seconds);
}

function readCsv(text: string, marks: SampleMarks): void {
  const rows = csvCells(text);
  // A header of column names carries no mark.
  if (rows[0]?.every((cell) => !cell.quoted && /^[a-z_]+$/.test(cell.text))) rows.shift();
  for (const row of rows) {
    if (row.length === 1 && row[0]!.text === '') continue;
    marks.rows++;
    for (const cell of row) {
      if (cell.text === '') continue;
      readTime(marks, cell.text);
      if (!needsQuotes(cell.text)) keep(marks.quoting, cell.text, cell.quoted);
    }
  }
}

function keep<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size < MOST && !map.has(key)) map.set(key, value);
}
