import { TEXT_LIMITS } from './limits.ts';

/**
 * The small checkers every resource rule is built from. A checker looks at one value at
 * one FHIRPath-like location (`Patient.identifier[0].value`) and records what is wrong;
 * it never stops at the first problem, so a client learns everything in one
 * OperationOutcome (DESIGN.md invariant 8).
 *
 * Formats follow FHIR R4 §2.1.28 (data types) and §2.6.2 (JSON: no nulls, no empty
 * arrays or objects, unknown elements are an error).
 */

/** One problem, as an OperationOutcome.issue. */
export interface Issue {
  severity: 'error';
  code: 'required' | 'value' | 'invalid' | 'structure' | 'not-supported' | 'code-invalid' | 'too-long';
  diagnostics: string;
  expression: string[];
}

export interface Context {
  issues: Issue[];
  /** "Today", for rules such as "a birth date is not in the future". */
  now: Date;
}

export type Check = (value: unknown, at: string, context: Context) => void;
export type Json = Record<string, unknown>;

export function report(context: Context, code: Issue['code'], at: string | string[], diagnostics: string): void {
  context.issues.push({ severity: 'error', code, diagnostics, expression: Array.isArray(at) ? at : [at] });
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a resource or datatype element may occur. */
export interface ElementRule {
  check: Check;
  required: boolean;
  repeats: boolean;
}

export const optional = (check: Check): ElementRule => ({ check, required: false, repeats: false });
export const required = (check: Check): ElementRule => ({ check, required: true, repeats: false });
/** A repeating element (a JSON array); `required` means at least one item. */
export const list = (check: Check, options: { required?: boolean } = {}): ElementRule => ({
  check,
  required: options.required ?? false,
  repeats: true,
});

export type Shape = Readonly<Record<string, ElementRule>>;
/** A rule across several elements of one object (FHIR invariants, choice types). */
export type Invariant = (object: Json, at: string, context: Context) => void;

/** Checks an object's elements against its shape: unknown, missing, mis-shaped, then each value. */
export function checkShape(object: Json, shape: Shape, at: string, context: Context): void {
  for (const name of Object.keys(object)) {
    // hasOwn: a key such as "constructor" or "__proto__" must not find Object.prototype.
    if (!Object.hasOwn(shape, name)) report(context, 'structure', `${at}.${name}`, `Unknown element '${name}' in ${at}`);
  }
  for (const [name, rule] of Object.entries(shape)) {
    const value = object[name];
    const path = `${at}.${name}`;
    if (value === undefined) {
      if (rule.required) report(context, 'required', path, `${path} is required`);
    } else if (value === null) {
      report(context, 'structure', path, `${path} is null; leave the element out instead (FHIR JSON has no nulls)`);
    } else if (rule.repeats) {
      checkList(value, rule, path, context);
    } else if (Array.isArray(value)) {
      report(context, 'structure', path, `${path} takes a single value, not an array`);
    } else {
      rule.check(value, path, context);
    }
  }
}

function checkList(value: unknown, rule: ElementRule, path: string, context: Context): void {
  if (!Array.isArray(value)) {
    report(context, 'structure', path, `${path} must be an array`);
  } else if (value.length === 0) {
    report(context, rule.required ? 'required' : 'structure', path, `${path} is an empty array; leave it out or give at least one item`);
  } else {
    value.forEach((item, index) => {
      const itemPath = `${path}[${index}]`;
      if (item === null || item === undefined) report(context, 'structure', itemPath, `${itemPath} is null`);
      else rule.check(item, itemPath, context);
    });
  }
}

/** Defers to a checker defined later or in a module that imports this one (datatypes refer to each other). */
export const lazy =
  (get: () => Check): Check =>
  (value, at, context) =>
    get()(value, at, context);

/** A complex value: a JSON object of the given shape, not empty, then its invariants. */
export function object(shape: Shape, ...invariants: Invariant[]): Check {
  return (value, at, context) => {
    if (!isObject(value)) return report(context, 'structure', at, `${at} must be a JSON object`);
    if (tooDeep(at)) return report(context, 'structure', at, `${at} is nested too deeply`);
    if (Object.keys(value).length === 0) return report(context, 'value', at, `${at} is empty; leave it out instead`);
    checkShape(value, shape, at, context);
    for (const invariant of invariants) invariant(value, at, context);
  };
}

/**
 * Datatypes can nest without end (Reference.identifier.assigner.identifier…, extensions in
 * extensions); no resource Vigie stores needs more than a few levels, and a bound keeps a
 * hostile body from exhausting the stack.
 */
const MAX_DEPTH = 12;
function tooDeep(at: string): boolean {
  return at.split('.').length > MAX_DEPTH;
}

/** Choice types (`value[x]`, `deceased[x]`): at most one of the names, or exactly one. */
export function oneOf(names: readonly string[], options: { required?: boolean } = {}): Invariant {
  return (object, at, context) => {
    const present = names.filter((name) => object[name] !== undefined);
    if (present.length > 1) {
      report(
        context,
        'structure',
        present.map((name) => `${at}.${name}`),
        `Only one of ${present.join(', ')} may be given in ${at}`,
      );
    } else if (present.length === 0 && options.required) {
      report(context, 'required', `${at}.${names[0]!.replace(/[A-Z].*$/, '')}[x]`, `${at} needs one of ${names.join(', ')}`);
    }
  };
}

/** A check on a string of at most `max` characters; the predicate returns the problem in words, or undefined. */
function stringCheck(kind: string, problem: (text: string, context: Context) => string | undefined, max: number = TEXT_LIMITS.note): Check {
  return (value, at, context) => {
    if (typeof value !== 'string') return report(context, 'value', at, `${at} must be a ${kind} (a JSON string)`);
    if (value.length > max) return report(context, 'too-long', at, `${at} has ${value.length} characters; at most ${max}`);
    const wrong = problem(value, context);
    if (wrong) report(context, 'value', at, `${at}: ${wrong}`);
  };
}

function pattern(kind: string, regex: RegExp, expected: string, max: number): Check {
  return stringCheck(kind, (text) => (regex.test(text) ? undefined : `'${clip(text)}' is not a valid ${kind} (${expected})`), max);
}

/** Keeps diagnostics short and free of bulky input. */
export function clip(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

// ── Primitive types (FHIR R4 §2.1.28.0.1) ──
/** A string of at most `max` characters, not blank (the bounds: limits.ts). */
export const text = (max: number): Check => stringCheck('string', (text) => (text.trim() === '' ? 'must not be empty or blank' : undefined), max);
export const string = text(TEXT_LIMITS.note);
export const markdown = string;
export const code = pattern('code', /^[^\s]+( [^\s]+)*$/, 'no leading, trailing or double spaces', TEXT_LIMITS.code);
export const uri = pattern('uri', /^\S+$/, 'no whitespace', TEXT_LIMITS.uri);
export const id = pattern('id', /^[A-Za-z0-9\-.]{1,64}$/, '1–64 letters, digits, "-" or "."', 64);
// Bounded by the body's size only: an attachment is as large as the document it carries.
export const base64Binary = stringCheck('base64Binary', (text) => (isBase64(text) ? undefined : 'is not valid base64'), Infinity);

export const boolean: Check = (value, at, context) => {
  if (typeof value !== 'boolean') report(context, 'value', at, `${at} must be true or false`);
};
export const decimal: Check = (value, at, context) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) report(context, 'value', at, `${at} must be a number`);
};
function integerFrom(minimum: number): Check {
  return (value, at, context) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
      report(context, 'value', at, `${at} must be an integer${minimum > -Infinity ? ` ≥ ${minimum}` : ''}`);
    }
  };
}
export const integer = integerFrom(-Infinity);
export const unsignedInt = integerFrom(0);
export const positiveInt = integerFrom(1);

/** A code from a fixed value set. */
export function codeIn(allowed: readonly string[]): Check {
  return (value, at, context) => {
    if (typeof value !== 'string') return report(context, 'value', at, `${at} must be a code (a JSON string)`);
    if (!allowed.includes(value)) report(context, 'code-invalid', at, `${at}: '${clip(value)}' is not one of ${allowed.join(' | ')}`);
  };
}

/** Whitespace-free standard base64 with correct padding (RFC 4648 §4). */
export function isBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}

// ── Dates (FHIR date, dateTime, instant: partial dates allowed; a time needs its zone) ──
const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

type Precision = 'date' | 'dateTime' | 'instant';

/** Why `text` is not a valid FHIR date/dateTime/instant, or undefined when it is one. */
export function dateProblem(text: string, precision: Precision): string | undefined {
  const match = DATE_TIME.exec(text);
  const expected =
    precision === 'date' ? 'YYYY, YYYY-MM or YYYY-MM-DD' : precision === 'instant' ? 'YYYY-MM-DDThh:mm:ss+zz:zz' : 'YYYY[-MM[-DD[Thh:mm:ss+zz:zz]]]';
  if (!match) return `'${clip(text)}' is not a valid ${precision} (${expected})`;
  const [, year, month, day, hour, minute, second, zone] = match;
  if (precision === 'date' && hour !== undefined) return `'${clip(text)}' is a dateTime; a date has no time (${expected})`;
  if (precision === 'instant' && hour === undefined) return `'${clip(text)}' needs a time and zone (${expected})`;
  if (Number(year) === 0) return `year 0000 does not exist`;
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return `'${text}' has no month ${month}`;
  if (day !== undefined && (Number(day) < 1 || Number(day) > daysInMonth(Number(year), Number(month)))) {
    return `'${text}' is not a calendar day (${year}-${month} has ${daysInMonth(Number(year), Number(month))} days)`;
  }
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60)) return `'${text}' has an impossible time`;
  if (zone !== undefined && zone !== 'Z' && !/^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$/.test(zone)) return `'${text}' has an impossible time zone`;
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Whether a date (or the date part of a dateTime) is after today. "Today" is taken in
 * the latest time zone (UTC+14) so that a birth just after midnight somewhere is never
 * refused for being "tomorrow" in UTC.
 */
export function isFutureDate(text: string, now: Date): boolean {
  const latestToday = new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
  const datePart = text.slice(0, 10);
  return datePart > latestToday.slice(0, datePart.length);
}

export const date = stringCheck('date', (text) => dateProblem(text, 'date'));
export const dateTime = stringCheck('dateTime', (text) => dateProblem(text, 'dateTime'));
export const instant = stringCheck('instant', (text) => dateProblem(text, 'instant'));
/** A date that has happened (birth date). */
export const pastDate = stringCheck(
  'date',
  (text, context) => dateProblem(text, 'date') ?? (isFutureDate(text, context.now) ? `'${text}' is in the future` : undefined),
);
/** A dateTime that has happened (death). */
export const pastDateTime = stringCheck(
  'dateTime',
  (text, context) => dateProblem(text, 'dateTime') ?? (isFutureDate(text, context.now) ? `'${text}' is in the future` : undefined),
);

/**
 * Orders two FHIR dates/dateTimes when they can be ordered: both with a time (as
 * instants), else by their common date prefix. Undefined when either is invalid.
 */
export function compareDates(a: string, b: string): number | undefined {
  if (dateProblem(a, 'dateTime') || dateProblem(b, 'dateTime')) return undefined;
  if (a.length > 10 && b.length > 10) return Math.sign(Date.parse(a) - Date.parse(b));
  const length = Math.min(a.length, b.length, 10);
  return a.slice(0, length) < b.slice(0, length) ? -1 : a.slice(0, length) > b.slice(0, length) ? 1 : 0;
}
