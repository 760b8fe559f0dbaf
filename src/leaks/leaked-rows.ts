import { normaliseEmail, normaliseNir, normalisePhone, normalisePostalCode } from '../domain/normalise.ts';
import { csvCells } from '../domain/csv-cells.ts';

/**
 * A leaked sample as it is found — a CSV dump, JSON or NDJSON (flat objects or FHIR
 * Patients), or lines of text pasted on a forum — read into rows of the identity fields a
 * patient can be found by. Nothing is trusted: columns are recognised by their header's
 * name in French or English, and free text by the shape of each value.
 */
export interface LeakedRow {
  /** 1-based, in the sample. */
  line: number;
  /** Every name word of the row, family and given, in no particular order. */
  names: string[];
  birthDate?: string | undefined;
  postalCode?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  nir?: string | undefined;
}

type Field = 'family' | 'given' | 'name' | 'birthDate' | 'postalCode' | 'phone' | 'email' | 'nir';

/** Header words that name each field (normalised: lower case, no accent, no separator). */
const HEADERS: Array<[Field, RegExp]> = [
  ['nir', /^(nir|ins|insnir|ssn|nss|(n|no|num|numero)?(secu|securitesociale|dess|ss))$/],
  ['birthDate', /^(datenaissance|datedenaissance|naissance|ddn|dob|birthdate|birthday|datenais|nele|dateofbirth)$/],
  ['postalCode', /^(cp|codepostal|postal|postalcode|zip|zipcode)$/],
  ['phone', /^(tel|telephone|phone|portable|mobile|telmobile|telfixe|numtel)$/],
  ['email', /^(email|mail|courriel|adressemail|emailaddress)$/],
  ['family', /^(nom|family|lastname|surname|nomfamille|nomnaissance|nomdenaissance|nomusage|familyname)$/],
  ['given', /^(prenom|prenoms|given|firstname|givenname|forename)$/],
  ['name', /^(patient|nomcomplet|fullname|name|identite)$/],
];

const DATE_PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^(\d{4})-(\d{1,2})-(\d{1,2})/, (m) => `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`],
  [/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/, (m) => `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`],
  [/^(\d{2})(\d{2})(\d{4})$/, (m) => `${m[3]}-${m[2]}-${m[1]}`],
];

export function readLeakedSample(text: string): LeakedRow[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[')) return jsonRows(JSON.parse(trimmed) as unknown[]);
  const lines = trimmed.split(/\r?\n/);
  if (lines[0]?.trim().startsWith('{')) return jsonRows(lines.filter((line) => line.trim()).map((line) => JSON.parse(line) as unknown));
  const delimiter = delimiterOf(lines[0] ?? '');
  const table = delimiter ? csvCells(trimmed, delimiter).map((cells) => cells.map((cell) => cell.text)) : [];
  const header = table[0]?.map(fieldOfHeader) ?? [];
  if (delimiter && header.filter(Boolean).length >= 2) {
    return table.slice(1).flatMap((cells, i) => (cells.some((cell) => cell.trim()) ? [csvRow(cells, header, i + 2)] : []));
  }
  return lines.flatMap((line, i) => (line.trim() ? [textRow(line, i + 1)] : []));
}

function jsonRows(values: unknown[]): LeakedRow[] {
  return values.map((value, i) => {
    const object = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    if (object.resourceType === 'Patient') return patientRow(object as unknown as fhir4.Patient, i + 1);
    const cells = Object.entries(object).map(
      ([key, cell]) => [fieldOfHeader(key), typeof cell === 'string' || typeof cell === 'number' ? String(cell) : ''] as const,
    );
    return csvRow(
      cells.map(([, cell]) => cell),
      cells.map(([field]) => field),
      i + 1,
    );
  });
}

function patientRow(patient: fhir4.Patient, line: number): LeakedRow {
  const names = (patient.name ?? []).flatMap((name) => [name.family ?? '', ...(name.given ?? [])]).flatMap(words);
  const telecom = (system: string) => patient.telecom?.find((t) => t.system === system)?.value;
  const nir = patient.identifier?.find((id) => /^\d[\dAB]{12}\d{2}$/i.test(normaliseNir(id.value ?? '')))?.value;
  return clean({
    line,
    names,
    birthDate: patient.birthDate,
    postalCode: patient.address?.[0]?.postalCode,
    phone: telecom('phone'),
    email: telecom('email'),
    nir,
  });
}

function csvRow(cells: readonly string[], header: ReadonlyArray<Field | undefined>, line: number): LeakedRow {
  const row: LeakedRow = { line, names: [] };
  cells.forEach((cell, i) => {
    const value = cell.trim();
    if (!value) return;
    switch (header[i]) {
      case 'family':
      case 'given':
      case 'name':
        row.names.push(...words(value));
        break;
      case 'birthDate':
        row.birthDate = dateOf(value);
        break;
      case 'postalCode':
        row.postalCode = value;
        break;
      case 'phone':
        row.phone = value;
        break;
      case 'email':
        row.email = value;
        break;
      case 'nir':
        row.nir = value;
        break;
    }
  });
  return clean(row);
}

/** A line of free text: each token is recognised by its shape; what is left of letters is the name. */
function textRow(line: string, number: number): LeakedRow {
  const row: LeakedRow = { line: number, names: [] };
  let rest = line;
  const take = (pattern: RegExp): string | undefined => {
    const found = pattern.exec(rest)?.[0];
    if (found) rest = rest.replace(found, ' ');
    return found;
  };
  row.email = take(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/);
  row.nir = take(/\b[12378]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}\b/i);
  row.phone = take(/(?:\+33\s?(?:\(0\))?\s?|0)[1-9](?:[\s.-]?\d{2}){4}/);
  const date = take(/\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/);
  row.birthDate = date && dateOf(date);
  row.postalCode = take(/\b(?:\d{5}|2[AB]\d{3})\b/);
  row.names = words(rest.replace(/[^\p{L}\s'’-]/gu, ' '));
  return clean(row);
}

function clean(row: LeakedRow): LeakedRow {
  return {
    line: row.line,
    names: row.names,
    ...(row.birthDate ? { birthDate: row.birthDate } : {}),
    ...(row.postalCode ? { postalCode: normalisePostalCode(row.postalCode) } : {}),
    ...(row.phone ? { phone: normalisePhone(row.phone) } : {}),
    ...(row.email ? { email: normaliseEmail(row.email) } : {}),
    ...(row.nir ? { nir: normaliseNir(row.nir) } : {}),
  };
}

function dateOf(value: string): string | undefined {
  for (const [pattern, format] of DATE_PATTERNS) {
    const match = pattern.exec(value.trim());
    if (match) return format(match);
  }
  return undefined;
}

const words = (value: string) => value.split(/[\s,;]+/).filter((word) => /\p{L}/u.test(word));

function fieldOfHeader(header: string): Field | undefined {
  const key = header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return HEADERS.find(([, pattern]) => pattern.test(key))?.[0];
}

function delimiterOf(line: string): string | undefined {
  const counts = [',', ';', '\t', '|'].map((candidate) => [candidate, line.split(candidate).length - 1] as const);
  const [best, count] = counts.sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : undefined;
}
