import { describe, expect, it } from 'vitest';
import { simulateMonth } from '../src/guard/simulate/month.ts';

/**
 * Honest work through the guard: admissions looking people up and admitting them, ward
 * staff on day and night shifts, laboratories, a locum, legitimate break-glass. Nobody is
 * contained, and nearly every disclosure is explained by a care relationship — but not
 * all: lookups and break-glass are outside them, and the guard counts them.
 */
describe('six benign days', () => {
  it('contains no one and raises no alert, and a care relationship explains at least 95 % of disclosures', async () => {
    const report = await simulateMonth({ days: 6, patients: 1000, seed: 4 });
    expect(report.userDays).toBeGreaterThan(150);
    expect(report.accesses).toBeGreaterThan(1000);
    expect(report.falseContainments).toBe(0);
    expect(report.alerts).toBe(0);
    expect(report.explained).toBeGreaterThanOrEqual(0.95);
    expect(report.explained).toBeLessThan(1);
  }, 300_000);
});
