/**
 * How long need-to-know lasts. Configuration may only tighten (DESIGN invariant 2): a
 * tail longer than 30 days or a break-glass window longer than 4 hours is refused.
 */
export interface AccessPolicy {
  /** Days a relationship stays current after its stay ended or its lab order was made. */
  careTailDays: number;
  /** Hours a break-glass access lasts. */
  breakGlassHours: number;
}

export const DEFAULT_ACCESS_POLICY: AccessPolicy = { careTailDays: 30, breakGlassHours: 4 };

/** Reads VIGIE_CARE_TAIL_DAYS and VIGIE_BREAK_GLASS_HOURS; values above the defaults are refused. */
export function accessPolicyFrom(env: NodeJS.ProcessEnv): AccessPolicy {
  return {
    careTailDays: bounded(env.VIGIE_CARE_TAIL_DAYS, 'VIGIE_CARE_TAIL_DAYS', DEFAULT_ACCESS_POLICY.careTailDays),
    breakGlassHours: bounded(env.VIGIE_BREAK_GLASS_HOURS, 'VIGIE_BREAK_GLASS_HOURS', DEFAULT_ACCESS_POLICY.breakGlassHours),
  };
}

function bounded(raw: string | undefined, name: string, max: number): number {
  if (raw === undefined || raw === '') return max;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be a whole number from 0 to ${max} (configuration may only tighten access)`);
  }
  return value;
}
