import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPLAY_TARGET, scenarioFiles } from '../src/cli/replay.ts';
import { replayScenarios, type ReplayResult } from '../src/drills/replay/run.ts';
import { parseScenario, ScenarioError } from '../src/drills/replay/scenario.ts';

/**
 * Every attack of scenarios/ replayed over HTTP against a seeded server: none obtains
 * more than 50 patients outside the stolen account's care relationships (a relationship
 * the attacker wrote itself counts as outside), the ones that keep going are contained,
 * a honey record contains at the first touch, and no answer sorts real ids from unknown ones.
 */
describe('attack replay', () => {
  it('keeps every scripted attacker to 50 patients outside its relationships', async () => {
    const files = scenarioFiles(['scenarios']);
    const scenarios = files.map((file) => parseScenario(readFileSync(file, 'utf8'), file));
    const results = await replayScenarios(scenarios, { patients: 1000, seed: 5 });
    const of = (threat: string, words: string): ReplayResult => results.find((result) => result.threat === threat && result.scenario.includes(words))!;
    for (const result of results) expect(result.outside, result.scenario).toBeLessThanOrEqual(REPLAY_TARGET);
    // Every attack leaves the security officer an alert that explains it, whatever it obtained.
    for (const result of results) expect(result.alerts, result.scenario).not.toEqual([]);
    expect(REPLAY_TARGET).toBe(50);
    expect(of('T1', 'privileged').stoppedBy).toMatch(/passkey/);
    // The export waits for a second person and is announced at once; the name sweep pays the budget (at 2,000 patients it meets the step-up it cannot give).
    expect(of('T1', 'prefix after prefix').answers).toMatchObject({ '202 informational': 1 });
    expect(of('T1', 'prefix after prefix').alerts).toContain('export');
    // The famous patient, staying in another unit, read by break-glass: one record, and the security officer told at once.
    expect(of('T5', 'famous')).toMatchObject({ outside: 1, alerts: ['break-glass'] });
    for (const [threat, words] of [
      ['T2', 'search paging'],
      ['T2', 'random ids'],
      ['T2', 'breaking the glass'],
      ['T3', 'doctor credentials, slow and low'],
      ['T4', 'token'],
      ['T2', 'stolen together'],
    ]) {
      expect(of(threat!, words!).contained, words).toBeDefined();
    }
    // One id in ten of that list is a honey record: the tenth request is the last.
    expect(of('T2', 'honey records').contained!.request).toBeLessThanOrEqual(10);
    expect(of('T2', 'honey records').outside).toBe(0);
    // Three accounts used from one machine: all contained at the third one's first patient outside its relationships.
    expect(of('T2', 'stolen together').outside).toBeLessThanOrEqual(2 * 10);
    // A copied token is refused at its first use from the thief's address: nothing leaves.
    expect(of('T4', 'token')).toMatchObject({ requests: 1, outside: 0, inside: 0, contained: { request: 1 } });
    // Days pass on the server's clock: the slow attacker is stopped days in, not at once.
    expect(of('T3', 'doctor credentials, slow and low').contained!.afterHours).toBeGreaterThan(24);
    // Admissions too: under its hourly and daily lines, the 30-day line holds it to 50.
    expect(of('T3', 'admissions credentials, slow').contained, 'the slow admissions thief').toBeDefined();
    // Access made by writes: ids alone open nothing (answered as unknown, probing), a ten-year care team is refused,
    // and what the lookups let through is charged to the budget, whose lines stop it.
    const stays = of('T9', 'stays written');
    expect(stays.answers['404 not-found']).toBeGreaterThanOrEqual(20);
    expect(stays.contained ?? stays.stoppedBy, 'admissions writing stays').toBeTruthy();
    expect(stays.answers['403 security'], 'a step-up asked for').toBeGreaterThan(0);
    const teams = of('T9', 'care team of ten years');
    expect(teams.answers['400 value'], 'the ten-year care teams').toBe(10);
    expect(teams.answers['404 not-found']).toBeGreaterThanOrEqual(20);
    expect(teams.contained, 'the doctor writing care teams').toBeDefined();
    // A user administrator makes no access alone: a stolen one cannot enrol its first passkey without the
    // activation code; one holding every factor gets pending accounts it cannot confirm, no credential, and an alert.
    expect(of('T9', 'passkey not yet enrolled')).toMatchObject({
      outside: 0,
      requests: 0,
      stoppedBy: expect.stringMatching(/activation code/),
      alerts: ['passkey-enrolment'],
    });
    const insider = of('T9', 'user administrator holding every factor');
    expect(insider).toMatchObject({ outside: 0, inside: 0 });
    expect(insider.answers).toMatchObject({ '201': 15, '403 forbidden': 15 });
    expect(insider.alerts).toContain('accounts-made');
    // A doctor or a clerk holding its passkey too passes the soft lines, the security officer told at the day's; the hard line contains it at 50.
    for (const role of ['a doctor', 'an admissions clerk'])
      expect(of('T9', `${role} holding every factor`), role).toMatchObject({ contained: expect.anything(), alerts: ['budget', 'budget-soft'] });
    const oracles = of('T2', 'sorted into real and unknown');
    expect(oracles.oracleSorted).toBe(0);
    expect(oracles.contained, 'probing').toBeDefined();
  }, 300_000);

  it('refuses a scenario it cannot read, saying where', () => {
    expect(() => parseScenario('{', 'a.json')).toThrow(ScenarioError);
    const base = { name: 'x', threat: 'T2', attacker: { role: 'doctor' } };
    expect(() => parseScenario(JSON.stringify({ ...base, steps: [{ do: 'fly' }] }), 'b.json')).toThrow(/b\.json: steps\[0\]\.do must be one of/);
    expect(() => parseScenario(JSON.stringify({ ...base, attacker: { role: 'pirate' }, steps: [] }), 'c.json')).toThrow(/attacker\.role/);
    expect(() => parseScenario(JSON.stringify({ ...base, steps: [{ do: 'wait', hours: -1 }] }), 'd.json')).toThrow(/hours must be a whole number/);
    expect(() => parseScenario(JSON.stringify({ ...base, attacker: { role: 'lab', stolen: 'cookie' }, steps: [] }), 'f.json')).toThrow(/attacker\.stolen/);
    expect(() => parseScenario(JSON.stringify({ ...base, attacker: { role: 'lab', from: 'somewhere' }, steps: [] }), 'g.json')).toThrow(/attacker\.from/);
    expect(() => parseScenario(JSON.stringify({ ...base, attacker: { role: 'lab', accomplices: [{ role: 'pirate' }] }, steps: [] }), 'h.json')).toThrow(
      /attacker\.accomplices\[0\]\.role/,
    );
    expect(parseScenario(JSON.stringify({ ...base, steps: [{ do: 'wait', hours: 2 }] }), 'e.json').steps).toEqual([{ do: 'wait', hours: 2 }]);
    expect(() => parseScenario(JSON.stringify({ ...base, steps: [{ do: 'write-relationships', kind: 'friendship', count: 1 }] }), 'i.json')).toThrow(
      /i\.json: steps\[0\]\.kind must be 'stay' or 'care-team'/,
    );
    expect(() => parseScenario(JSON.stringify({ ...base, steps: [{ do: 'probe-oracles', count: -3 }] }), 'j.json')).toThrow(
      /j\.json: steps\[0\]\.count must be a whole number/,
    );
    expect(() => parseScenario(JSON.stringify({ ...base, steps: [{ do: 'make-accounts', role: 'pirate', count: 3 }] }), 'k.json')).toThrow(
      /k\.json: steps\[0\]\.role must be a role/,
    );
    expect(parseScenario(JSON.stringify({ ...base, attacker: { role: 'user_admin', stolen: 'insider' }, steps: [] }), 'l.json').attacker.stolen).toBe(
      'insider',
    );
    expect(
      parseScenario(JSON.stringify({ ...base, threat: 'T9', steps: [{ do: 'write-relationships', kind: 'care-team', count: 2, days: 3650 }] }), 'k.json').steps,
    ).toEqual([{ do: 'write-relationships', kind: 'care-team', count: 2, days: 3650, lookup: false, others: false, received: false }]);
  });
});
