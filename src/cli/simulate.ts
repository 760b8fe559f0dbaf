import { simulateMonth, type SimulationReport } from '../drills/simulate/month.ts';
import { progressBar } from './progress.ts';

/** The targets of a benign month: what an honest group must not suffer from the guard. */
export const TARGETS = { containmentsPerThousand: 1, alertsPerThousand: 10, explained: 0.95 };

export async function simulateCommand(flags: { days: number; patients: number; seed: number; json?: boolean }): Promise<void> {
  const bar = flags.json ? undefined : progressBar('Simulating days', flags.days);
  let report: SimulationReport;
  try {
    report = await simulateMonth({ ...flags, onDay: (day) => bar?.update(day) });
  } finally {
    bar?.stop();
  }
  if (flags.json) console.log(JSON.stringify(report, null, 2));
  else console.log(describeReport(report));
  const met =
    report.perThousandUserDays.containments <= TARGETS.containmentsPerThousand &&
    report.perThousandUserDays.alerts <= TARGETS.alertsPerThousand &&
    report.explained >= TARGETS.explained;
  if (!met) process.exitCode = 1;
}

export function describeReport(report: SimulationReport): string {
  const per = report.perThousandUserDays;
  return [
    `${report.days} days, ${report.staff} care staff, ${report.userDays} user-days, ${report.accesses} disclosures`,
    `explained by a care relationship: ${(100 * report.explained).toFixed(1)} % (target ≥ ${100 * TARGETS.explained} %)`,
    `false containments: ${report.falseContainments} (${per.containments.toFixed(2)} per 1,000 user-days; target ≤ ${TARGETS.containmentsPerThousand})`,
    `alerts: ${report.alerts} (${per.alerts.toFixed(2)} per 1,000 user-days; target ≤ ${TARGETS.alertsPerThousand})${
      report.alerts > 0
        ? `: ${Object.entries(report.alertsByDetector)
            .map(([detector, n]) => `${detector} ${n}`)
            .join(', ')}`
        : ''
    }`,
    `passkey step-ups asked of honest users: ${report.stepUps} (${per.stepUps.toFixed(2)} per 1,000 user-days)${
      report.stepUps > 0
        ? `, by role: ${Object.entries(report.stepUpsByRole)
            .map(([role, n]) => `${role} ${n}`)
            .join(', ')}`
        : ''
    }`,
    `patients per user-day: ${report.patientsPerUserDay.median} (median), ${report.patientsPerUserDay.busiest} (the busiest)`,
    `joined during the month: ${report.newcomers.accounts} accounts, ${report.newcomers.stepUps} step-ups asked of them, ${report.newcomers.busiest} patients on their busiest day${report.moved ? `; ${report.moved} moved to another unit` : ''}`,
  ].join('\n');
}
