import type { ExportMarks } from './marks.ts';

/**
 * The honey rows of an export: synthetic patients of this export only, pseudonymised like
 * the others (so their pseudonyms carry the export's tag), placed at keyed positions among
 * the real ones, with a sex and a birth date drawn from the key and the postal code of the
 * patient before them; they are minimised as the real ones are — nothing tells them apart. A honey row seen anywhere names its
 * export beyond doubt: no patient has its pseudonym.
 */
export class HoneyRows {
  readonly count: number;
  private readonly positions: { n: number; at: number }[];

  constructor(
    private readonly marks: ExportMarks,
    count: number,
    patients: number,
  ) {
    this.count = count;
    this.positions = Array.from({ length: count }, (_, n) => ({ n, at: 1 + (marks.honeyDraw(n, 'at') % Math.max(patients, 1)) })).sort((a, b) => a.at - b.at);
  }

  /** The honey rows due once `written` real patients have been written, the last of them `after`. */
  due(written: number, after: fhir4.Patient | undefined): fhir4.Patient[] {
    const rows: fhir4.Patient[] = [];
    while (this.positions.length > 0 && this.positions[0]!.at <= written) rows.push(this.row(this.positions.shift()!.n, after));
    return rows;
  }

  /** The honey rows still due when the real patients are all written (the scope shrank since it was counted). */
  rest(after: fhir4.Patient | undefined): fhir4.Patient[] {
    return this.due(Number.POSITIVE_INFINITY, after);
  }

  private row(n: number, after: fhir4.Patient | undefined): fhir4.Patient {
    const postalCode = after?.address?.[0]?.postalCode;
    const born = new Date(Date.UTC(1935, 0, 1) + (this.marks.honeyDraw(n, 'birth') % (70 * 365)) * 86_400_000);
    return {
      resourceType: 'Patient',
      id: this.marks.honeyId(n),
      gender: this.marks.honeyDraw(n, 'sex') % 2 === 0 ? 'female' : 'male',
      birthDate: born.toISOString().slice(0, 10),
      ...(postalCode ? { address: [{ postalCode, country: 'FR' }] } : {}),
    };
  }
}

/** The pseudonyms of an export's honey rows, for attribution. */
export const honeyPseudonyms = (marks: ExportMarks, count: number): string[] => Array.from({ length: count }, (_, n) => marks.pseudonym(marks.honeyId(n)));
