/**
 * Dates of the synthetic world, written as French clinical software writes them: local
 * time in Europe/Paris with its UTC offset (+01:00 in winter, +02:00 in summer), since a
 * FHIR dateTime with a time needs its zone.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR = 365.25 * DAY;

/** 'YYYY-MM-DD' at Paris local time. */
export function formatDate(ms: number): string {
  return dayText(Math.floor((ms + parisOffsetHours(ms) * HOUR) / DAY));
}

/** 'YYYY-MM-DDThh:mm:00+01:00' (or +02:00 in summer time), to the minute as charts record it. */
export function formatDateTime(ms: number): string {
  const offset = parisOffsetHours(ms);
  const local = ms + offset * HOUR;
  const day = Math.floor(local / DAY);
  return dayText(day) + TIME_OF_DAY[Math.floor((local - day * DAY) / MINUTE)]! + (offset === 2 ? '+02:00' : '+01:00');
}

// Formatting dates was a sixth of the generator's time with toISOString(): day strings
// are cached by day number (1900 onwards), times of day precomputed by the minute.
const FIRST_DAY = -25567; // 1900-01-01
const dayTexts: string[] = [];
const dayYears: number[] = [];
const TIME_OF_DAY = Array.from(
  { length: 1440 },
  (_, minute) => `T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`,
);

function dayText(day: number): string {
  const slot = day - FIRST_DAY;
  return dayTexts[slot] ?? cacheDay(day, slot);
}

function cacheDay(day: number, slot: number): string {
  const text = new Date(day * DAY).toISOString().slice(0, 10);
  if (slot >= 0) {
    dayTexts[slot] = text;
    dayYears[slot] = Number(text.slice(0, 4));
  }
  return text;
}

function yearOf(ms: number): number {
  const day = Math.floor(ms / DAY);
  const slot = day - FIRST_DAY;
  if (dayYears[slot] === undefined) cacheDay(day, slot);
  return dayYears[slot] ?? new Date(ms).getUTCFullYear();
}

/** Epoch milliseconds of a 'YYYY-MM-DD' calendar date at the given Paris local hour. */
export function parisTime(date: string, hour = 0): number {
  const utcGuess = Date.parse(`${date}T00:00:00Z`) + hour * HOUR;
  return utcGuess - parisOffsetHours(utcGuess - HOUR) * HOUR;
}

/** The same Paris calendar day as `ms`, at a local hour (9.5 is 09:30). */
export function atParisHour(ms: number, hour: number): number {
  const offset = parisOffsetHours(ms) * HOUR;
  return Math.floor((ms + offset) / DAY) * DAY - offset + hour * HOUR;
}

/** Whole years between a birth and a moment. */
export function ageAt(birthMs: number, atMs: number): number {
  const birth = new Date(birthMs);
  const at = new Date(atMs);
  let age = at.getUTCFullYear() - birth.getUTCFullYear();
  if (at.getUTCMonth() < birth.getUTCMonth() || (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate())) age--;
  return age;
}

// EU summer time (directive 2000/84/EC): from the last Sunday of March to the last Sunday
// of October, changing at 01:00 UTC. Bounds are cached per year.
const summerTime = new Map<number, readonly [number, number]>();

function parisOffsetHours(ms: number): 1 | 2 {
  const year = yearOf(ms);
  let bounds = summerTime.get(year);
  if (!bounds) {
    bounds = [lastSundayAt1Utc(year, 2), lastSundayAt1Utc(year, 9)];
    summerTime.set(year, bounds);
  }
  return ms >= bounds[0] && ms < bounds[1] ? 2 : 1;
}

function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0, 1));
  return lastDay.getTime() - lastDay.getUTCDay() * DAY;
}
