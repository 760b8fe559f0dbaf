import { landlineZone } from './places.ts';
import type { SeededRandom } from './random.ts';
import { COMMON_STREETS } from './tables/organisations.ts';
import { STREET_KINDS, STREET_NAMES } from './tables/people.ts';

/**
 * Addresses, phone numbers and e-mail addresses in French formats: "+33 6 12 34 56 78"
 * (E.164 with the national grouping), landlines in the ARCEP zone of the department,
 * "12 bis rue Victor Hugo".
 */

function pairs(random: SeededRandom, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += ' ' + String(random.int(0, 99)).padStart(2, '0');
  return text;
}

/** A mobile number: 06 or 07. */
export function mobileNumber(random: SeededRandom): string {
  return `+33 ${random.chance(0.7) ? '6' : '7'}${pairs(random, 4)}`;
}

/** A landline in the zone of a mainland department (01–05). */
export function landlineNumber(random: SeededRandom, department: string): string {
  return `+33 ${landlineZone(department)}${pairs(random, 4)}`;
}

export function streetLine(random: SeededRandom): string {
  const number = random.int(1, 140);
  const suffix = random.chance(0.05) ? ' bis' : '';
  const street = random.chance(0.45) ? random.pick(COMMON_STREETS) : `${random.pick(STREET_KINDS)} ${random.pick(STREET_NAMES)}`;
  return `${number}${suffix} ${street}`;
}

/** Lowercase ASCII for e-mail addresses and usernames: "Lefèvre" → "lefevre", "Le Gall" → "le-gall", "Jeanne d'Arc" → "jeanne-d-arc". */
export function asciiSlug(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = slugOf(text);
    // Names come from short lists: the cache stays small and saves a Unicode normalisation per e-mail.
    if (slugs.size < 10_000) slugs.set(text, slug);
  }
  return slug;
}

const slugs = new Map<string, string>();

function slugOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
