import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../drills/replay/scenario.ts';
import { replayScenarios, type ReplayResult } from '../drills/replay/run.ts';

/** The target: at most this many patients outside a stolen account's relationships, in any scenario, any role. */
export const REPLAY_TARGET = 50;

/** The scenario files named, a folder standing for its *.json files. */
export function scenarioFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.json'))
          .sort()
          .map((name) => join(path, name))
      : [path],
  );
}

export async function replayCommand(paths: readonly string[], flags: { patients: number; seed: number; json?: boolean }): Promise<void> {
  const scenarios = scenarioFiles(paths).map((file) => parseScenario(readFileSync(file, 'utf8'), file));
  if (!flags.json) console.error(`Seeding ${flags.patients} synthetic patients, then replaying ${scenarios.length} attack(s) over HTTP...`);
  const results = await replayScenarios(scenarios, {
    patients: flags.patients,
    seed: flags.seed,
    onScenario: flags.json ? undefined : (result) => console.log(describe(result)),
  });
  if (flags.json) console.log(JSON.stringify(results, null, 2));
  if (results.some((result) => result.outside > REPLAY_TARGET)) process.exitCode = 1;
}

export function describe(result: ReplayResult): string {
  const stop = result.contained
    ? `contained at request ${result.contained.request}, ${result.contained.afterHours.toFixed(1)} h in`
    : `not contained; stopped by ${result.stoppedBy}`;
  const alerts = result.alerts.length > 0 ? `; alerts: ${result.alerts.join(', ')}` : '';
  const oracle = result.oracleSorted === undefined ? '' : `; real ids told from unknown ones: ${result.oracleSorted}`;
  return `${result.threat} ${result.scenario}\n    ${result.account}: ${result.requests} requests, ${result.outside} patients obtained outside its relationships (${result.inside} within); ${stop}${alerts}${oracle}`;
}
