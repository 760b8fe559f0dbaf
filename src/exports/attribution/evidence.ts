import type { Carrier } from '../fingerprint/carriers.ts';
import { TAG_CHANCE, type ExportMarks } from '../fingerprint/marks.ts';
import type { SampleMarks } from './sample.ts';

/**
 * A sample weighed against one export: for each kind of mark, how many were tried, how
 * many matched, and the chance that one would match in a file that never came from the
 * export. The chance is a property of the key, not of the data: the export's choice for an
 * anchor is a keyed hash the file's author never saw, so whatever the file holds, its
 * choice agrees with probability `chance` and independently of every other anchor.
 */
export interface MarkCount {
  carrier: Carrier;
  tried: number;
  matched: number;
  chance: number;
}

export interface Evidence {
  counts: MarkCount[];
  /** Honey rows of the export present in the sample. */
  honeyRows: number;
}

export function evidenceFor(marks: ExportMarks, carriers: readonly Carrier[], honey: ReadonlySet<string>, sample: SampleMarks): Evidence {
  const counts: MarkCount[] = [];
  const count = (carrier: Carrier, chance: number, tried: number, matched: number) => {
    if (tried > 0) counts.push({ carrier, tried, matched, chance });
  };
  if (carriers.includes('pseudonym-tag'))
    count('pseudonym-tag', TAG_CHANCE, sample.tokens.length, sample.tokens.filter((token) => marks.isPseudonym(token)).length);
  if (carriers.includes('csv-quoting')) {
    count('csv-quoting', 1 / 2, sample.quoting.size, [...sample.quoting].filter(([text, quoted]) => marks.quoted(text) === quoted).length);
  }
  if (carriers.includes('seconds')) {
    count('seconds', chanceOfDraw(60), sample.seconds.size, [...sample.seconds].filter(([anchor, seconds]) => marks.seconds(anchor) === seconds).length);
  }
  if (carriers.includes('key-order')) {
    // Objects of k members: the chance of one order among k!, counted apart for each k.
    const byMembers = new Map<number, { tried: number; matched: number }>();
    for (const [anchor, names] of sample.orders) {
      const tally = byMembers.get(names.length) ?? { tried: 0, matched: 0 };
      byMembers.set(names.length, tally);
      tally.tried++;
      if (marks.order(anchor, names).every((name, i) => names[i] === name)) tally.matched++;
    }
    for (const [members, tally] of [...byMembers].sort(([a], [b]) => a - b)) count('key-order', chanceOfOrder(members), tally.tried, tally.matched);
  }
  return { counts, honeyRows: sample.tokens.filter((token) => honey.has(token)).length };
}

/** The chance of one value of a 32-bit draw taken modulo n (a hair above 1/n). */
const chanceOfDraw = (n: number) => Math.ceil(2 ** 32 / n) / 2 ** 32;

/** The chance of one order of k members under the keyed shuffle: the product of its draws. */
function chanceOfOrder(members: number): number {
  let chance = 1;
  for (let n = 2; n <= members; n++) chance *= chanceOfDraw(n);
  return chance;
}
