import { describe, expect, it } from 'vitest';
import { compareDates, dateProblem, isBase64, isFutureDate } from './checks.ts';

describe('FHIR dates', () => {
  it.each(['2024', '2024-02', '2024-02-29', '2000-02-29', '1900-12-31'])('%s is a valid date', (value) => {
    expect(dateProblem(value, 'date')).toBeUndefined();
  });

  it.each([
    ['2024-02-30', /calendar day/],
    ['2023-02-29', /calendar day/],
    ['1900-02-29', /calendar day/],
    ['2024-04-31', /calendar day/],
    ['2024-13-01', /no month/],
    ['2024-00', /no month/],
    ['2024-2-1', /not a valid/],
    ['24-02-01', /not a valid/],
    ['0000-01-01', /0000/],
    ['2024-02-01T10:00:00Z', /has no time/],
    ['14/02/1992', /not a valid/],
  ])('%s is not a valid date', (value, problem) => {
    expect(dateProblem(value, 'date')).toMatch(problem);
  });

  it.each(['2024-11-18', '2024-11-18T08:00:00+01:00', '2024-11-18T08:00:00.123Z', '2024-11-18T23:59:60Z', '2024-11-18T08:00:00-14:00'])(
    '%s is a valid dateTime',
    (value) => expect(dateProblem(value, 'dateTime')).toBeUndefined(),
  );

  it.each([
    ['2024-11-18T08:00:00', /not a valid/],
    ['2024-11-18T08:00+01:00', /not a valid/],
    ['2024-11-18T24:00:00Z', /impossible time/],
    ['2024-11-18T08:00:00+15:00', /time zone/],
    ['2024-11-31T08:00:00Z', /calendar day/],
  ])('%s is not a valid dateTime', (value, problem) => {
    expect(dateProblem(value, 'dateTime')).toMatch(problem);
  });

  it('needs a full time and zone for an instant', () => {
    expect(dateProblem('2024-11-18T08:00:00Z', 'instant')).toBeUndefined();
    expect(dateProblem('2024-11-18', 'instant')).toMatch(/needs a time/);
  });

  it('knows the future, with a day of slack for time zones', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(isFutureDate('2026-11-22', now)).toBe(false);
    expect(isFutureDate('2026-11-24', now)).toBe(true);
    expect(isFutureDate('2026-12', now)).toBe(true);
    expect(isFutureDate('2026', now)).toBe(false);
    expect(isFutureDate('2027', now)).toBe(true);
    // 12:00 UTC is already the next day in Kiritimati (UTC+14), 23:00 UTC in Paris.
    expect(isFutureDate('2026-11-23', now)).toBe(false);
    expect(isFutureDate('2026-11-23', new Date('2026-11-22T09:00:00Z'))).toBe(true);
  });

  it('orders dates and dateTimes', () => {
    expect(compareDates('2024-01-01', '2024-01-02')).toBe(-1);
    expect(compareDates('2024-01-01T10:00:00+01:00', '2024-01-01T09:30:00Z')).toBe(-1);
    expect(compareDates('2024-01', '2024-01-15')).toBe(0);
    expect(compareDates('2024-02-30', '2024-01-01')).toBeUndefined();
  });
});

describe('base64', () => {
  it.each(['aGVsbG8=', 'aGVsbA==', 'aGVs', 'aGVs\nbG8=', '+/+/'])('%j is base64', (value) => expect(isBase64(value)).toBe(true));
  it.each(['', 'aGVsbG8', 'aGVsbG8*', 'a===', 'aGVsbG8=aGVs', 'héllo==='])('%j is not base64', (value) => expect(isBase64(value)).toBe(false));
});
