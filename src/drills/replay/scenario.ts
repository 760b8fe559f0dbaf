import { isIP } from 'node:net';
import type { Role } from '../../domain/roles.ts';
import { isRole } from '../../domain/roles.ts';

/**
 * An attack, scripted (`scenarios/*.json`): which stolen account, then what it asks for.
 * The attacker holds the account's password and TOTP secret (or its session token) and,
 * where a step says so, a list of identities leaked elsewhere.
 */
export interface Scenario {
  name: string;
  threat: 'T1' | 'T2' | 'T3' | 'T4' | 'T5' | 'T9';
  /**
   * The demo account stolen: its role, which of them (0: the first), what was taken —
   * its password and TOTP secret (the default), or a session token its holder opened —
   * the address the attacker works from (a loopback one against a local server), and other
   * accounts stolen with it, used from the same place: each step is taken by each in turn.
   */
  attacker: { role: Role; index: number; stolen: Stolen; from?: string | undefined; accomplices: AccountPick[] };
  steps: Step[];
}

/**
 * What the attacker holds: the account's password and TOTP secret, a session token its
 * holder opened, or everything — the holder themselves, passkey in hand (an insider).
 */
export type Stolen = 'credentials' | 'token' | 'insider';

/** A demo account: its role, and which of them (0: the first). */
export interface AccountPick {
  role: Role;
  index: number;
}

export type Step =
  /** Pages of a Patient search, following `next`, `pages` at most. */
  | { do: 'search-pages'; query: string; pages: number }
  /** Identity lookups (names and birth date) of patients from a leaked list; `honey` if the list holds honey records too. */
  | { do: 'lookup-leaked'; count: number; honey?: boolean }
  /** Reads by id: random ones (id walking) or those of a leaked list, as Patient or $everything. */
  | { do: 'read-ids'; source: 'random' | 'leaked'; count: number; everything?: boolean; honey?: boolean }
  /** `$everything` of every patient received so far: the account's own list, chart after chart. */
  | { do: 'everything-received' }
  /**
   * Break-glass on patients of the leaked list (after an identity lookup of each, if
   * `lookup`), then a read of each; `famous`: on patients in the news, staying now in a
   * unit of the group that is not the attacker's.
   */
  | { do: 'break-glass'; count: number; lookup?: boolean; famous?: boolean }
  /**
   * Relationships written for patients of the leaked list, then a read of each (T9): a stay
   * in a unit of the account's establishment (admissions, or the account's own unit), or a
   * care team with the account's practitioner as its member for `days` days. `lookup`: each
   * patient looked up by identity first; `others`: only patients of other establishments;
   * `received`: the patients received so far instead of the leaked list.
   */
  | { do: 'write-relationships'; kind: 'stay' | 'care-team'; count: number; days?: number; lookup?: boolean; others?: boolean; received?: boolean }
  /**
   * A user administrator making `count` accounts of `role` in the group's busiest unit, bound
   * to the practitioners without an account who are treating doctors of the most patients
   * (T9): each one confirmed by the attacker if it can, activated if a code comes back,
   * signed in and its patients paged through.
   */
  | { do: 'make-accounts'; role: Role; count: number }
  /** Ids of the leaked list and random ones in turn, asked the same questions: does any answer tell a real id from an unknown one? */
  | { do: 'probe-oracles'; count: number }
  /** Bulk export: the FHIR Bulk Data kick-off. */
  | { do: 'bulk-export'; path: string }
  /** Time passes on the server's clock. */
  | { do: 'wait'; hours: number }
  | { do: 'repeat'; times: number; steps: Step[] };

export class ScenarioError extends Error {}

export function parseScenario(text: string, source: string): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${source}: not JSON (${(error as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new ScenarioError(`${source}: ${what}`);
  };
  const object = (v: unknown, where: string) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${where} must be an object`);
  const count = (v: unknown, where: string, max = 1_000_000) =>
    Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max ? (v as number) : fail(`${where} must be a whole number from 0 to ${max}`);
  const root = object(value, 'the scenario');
  if (typeof root.name !== 'string' || root.name.length === 0) fail('name must be a text');
  if (!['T1', 'T2', 'T3', 'T4', 'T5', 'T9'].includes(root.threat as string)) fail('threat must be one of T1 to T5, or T9');
  const attacker = object(root.attacker, 'attacker');
  const steps = (list: unknown, where: string): Step[] => {
    if (!Array.isArray(list)) return fail(`${where} must be a list`);
    return list.map((item, i) => {
      const step = object(item, `${where}[${i}]`);
      const at = `${where}[${i}]`;
      switch (step.do) {
        case 'search-pages':
          return {
            do: 'search-pages',
            query: typeof step.query === 'string' ? step.query : fail(`${at}.query must be a text`),
            pages: count(step.pages, `${at}.pages`),
          };
        case 'lookup-leaked':
          return { do: 'lookup-leaked', count: count(step.count, `${at}.count`), honey: step.honey === true };
        case 'read-ids':
          if (step.source !== 'random' && step.source !== 'leaked') fail(`${at}.source must be 'random' or 'leaked'`);
          return {
            do: 'read-ids',
            source: step.source as 'random' | 'leaked',
            count: count(step.count, `${at}.count`),
            everything: step.everything === true,
            honey: step.honey === true,
          };
        case 'break-glass':
          return { do: 'break-glass', count: count(step.count, `${at}.count`), lookup: step.lookup === true, famous: step.famous === true };
        case 'write-relationships':
          if (step.kind !== 'stay' && step.kind !== 'care-team') fail(`${at}.kind must be 'stay' or 'care-team'`);
          return {
            do: 'write-relationships',
            kind: step.kind as 'stay' | 'care-team',
            count: count(step.count, `${at}.count`),
            days: count(step.days ?? 30, `${at}.days`, 36_600),
            lookup: step.lookup === true,
            others: step.others === true,
            received: step.received === true,
          };
        case 'probe-oracles':
          return { do: 'probe-oracles', count: count(step.count, `${at}.count`) };
        case 'make-accounts':
          if (!isRole(step.role)) fail(`${at}.role must be a role`);
          return { do: 'make-accounts', role: step.role as Role, count: count(step.count, `${at}.count`, 200) };
        case 'everything-received':
          return { do: 'everything-received' };
        case 'bulk-export':
          return {
            do: 'bulk-export',
            path: typeof step.path === 'string' && step.path.startsWith('/fhir/') ? step.path : fail(`${at}.path must start with /fhir/`),
          };
        case 'wait':
          return { do: 'wait', hours: count(step.hours, `${at}.hours`, 24 * 366) };
        case 'repeat':
          return { do: 'repeat', times: count(step.times, `${at}.times`, 1000), steps: steps(step.steps, `${at}.steps`) };
        default:
          return fail(
            `${at}.do must be one of search-pages, lookup-leaked, read-ids, everything-received, break-glass, write-relationships, probe-oracles, make-accounts, bulk-export, wait, repeat`,
          );
      }
    });
  };
  const pick = (v: unknown, where: string): AccountPick => {
    const item = object(v, where);
    if (!isRole(item.role)) fail(`${where}.role must be a role`);
    return { role: item.role as Role, index: count(item.index ?? 0, `${where}.index`, 1000) };
  };
  const accomplices =
    attacker.accomplices === undefined
      ? []
      : Array.isArray(attacker.accomplices)
        ? attacker.accomplices.map((v, i) => pick(v, `attacker.accomplices[${i}]`))
        : fail('attacker.accomplices must be a list');
  const stolen = attacker.stolen ?? 'credentials';
  if (!['credentials', 'token', 'insider'].includes(stolen as string)) fail("attacker.stolen must be 'credentials', 'token' or 'insider'");
  if (attacker.from !== undefined && !isIP(String(attacker.from))) fail('attacker.from must be an IP address');
  return {
    name: root.name as string,
    threat: root.threat as Scenario['threat'],
    attacker: { ...pick(attacker, 'attacker'), stolen: stolen as Stolen, from: attacker.from as string | undefined, accomplices },
    steps: steps(root.steps, 'steps'),
  };
}
