import fc from 'fast-check';

/**
 * What an attacker, a broken client or a fat finger sends: text with NUL or lone
 * surrogates, paths, injections, huge strings, numbers where text goes; and a body of
 * the expected shape with one thing broken.
 */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '\u0000',
      'Mar\u0000tin',
      '\uD800',
      'x\uDFFFy',
      '\uDE00\uD83D',
      '../../etc/passwd',
      "' OR 1=1 --",
      '%00',
      '%ED%A0%80',
      '${7*7}',
      '<script>alert(1)</script>',
      'Patient/not-a-uuid',
      'https://evil.example/Patient/1',
      '-1',
      '1e400',
      'NaN',
      '',
      ' ',
      'null',
      '__proto__',
      'constructor',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 6 }).map((power) => 'é'.repeat(10 ** power)) },
);

/** Any JSON value, hostile text included. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
);

/** Every place in a JSON value: [] is the value itself, ['name', 0] its first name. */
function placesOf(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const places = [at];
  if (Array.isArray(value)) value.forEach((item, index) => places.push(...placesOf(item, [...at, index])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) places.push(...placesOf(item, [...at, key]));
  return places;
}

function changedAt(value: unknown, at: ReadonlyArray<string | number>, change: (old: unknown) => unknown): unknown {
  if (at.length === 0) return change(value);
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = at;
  const next = changedAt(copy[head!], rest, change);
  if (next === REMOVED && Array.isArray(copy)) copy.splice(head as number, 1);
  else if (next === REMOVED) delete copy[head!];
  else copy[head!] = next;
  return copy;
}
const REMOVED = Symbol('removed');

/** The expected body most of the time, else with one place replaced, removed or added to, or not the expected body at all. */
export function mutated(expected: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const place = (body: unknown, pick: number) => {
    const places = placesOf(body);
    return places[pick % places.length]!;
  };
  return fc.oneof(
    { weight: 3, arbitrary: expected },
    { weight: 4, arbitrary: fc.tuple(expected, fc.nat(), hostileValue).map(([body, pick, value]) => changedAt(body, place(body, pick), () => value)) },
    { weight: 1, arbitrary: fc.tuple(expected, fc.nat()).map(([body, pick]) => changedAt(body, place(body, pick), (old) => (old === body ? {} : REMOVED))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(expected, fc.nat(), hostileText, hostileValue)
        .map(([body, pick, key, value]) =>
          changedAt(body, place(body, pick), (old) => (old !== null && typeof old === 'object' && !Array.isArray(old) ? { ...old, [key]: value } : old)),
        ),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

/**
 * A path segment or query part as a client would put it in a URL: percent-encoded, and a
 * lone surrogate (which encodeURIComponent refuses) written as its three UTF-8-like bytes.
 */
export function urlPart(text: string): string {
  return [...text]
    .map((char) => {
      try {
        return encodeURIComponent(char);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');
}

/** The same JSON value with `bad` appended to every string in it (and to every key, when asked): where a NUL or a lone surrogate may hide. */
export function tainted(value: unknown, bad: string, keys = false): unknown {
  if (typeof value === 'string') return `${value}${bad}`;
  if (Array.isArray(value)) return value.map((item) => tainted(item, bad, keys));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [keys ? `${key}${bad}` : key, tainted(item, bad, keys)]));
  return value;
}
