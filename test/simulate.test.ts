import { describe, expect, it } from 'vitest';
import { NEW_ACCOUNT } from '../src/guard/limits.ts';
import { simulateMonth } from '../src/drills/simulate/month.ts';

/**
 * Honest work through the guard for a real month: admissions looking people up and
 * admitting them, ward staff on day and night shifts, laboratories, a locum, legitimate
 * break-glass; people joining (a nurse and a junior doctor in the busiest unit, an
 * admissions clerk, another nurse late in the month: accounts the guard counts in their
 * first 14 days) and a nurse moving to another unit for good. Nobody is contained, no
 * alert is raised, and nearly every disclosure is explained by a care relationship — but
 * not all: lookups and break-glass are outside them, and the guard counts them. The
 * group's first four establishments only, so that it runs in a test.
 */
describe('a benign month', () => {
  it('contains no one, newcomers and a moved nurse included, and raises no alert', async () => {
    const report = await simulateMonth({ days: 30, patients: 600, seed: 4, establishments: 4 });
    expect(report.userDays).toBeGreaterThan(250);
    expect(report.accesses).toBeGreaterThan(5000);
    expect(report.falseContainments).toBe(0);
    expect(report.alerts).toBe(0);
    expect(report.explained).toBeGreaterThanOrEqual(0.95);
    expect(report.explained).toBeLessThan(1);
    // The newcomers worked, and the guard counted what they were given, under the soft line.
    expect(report.newcomers.accounts).toBe(4);
    expect(report.newcomers.counted).toBeGreaterThan(0);
    expect(report.newcomers.busiest).toBeGreaterThan(20);
    expect(report.newcomers.busiest).toBeLessThanOrEqual(NEW_ACCOUNT.daySoft);
    expect(report.moved).toBeDefined();
  }, 600_000);
});
