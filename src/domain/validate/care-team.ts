import { codeIn, isObject, list, optional, report, required, string, type Invariant, type Json } from './checks.ts';
import { backboneElement, codeableConcept, literalReference, period, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/**
 * Need to know has an end (DESIGN invariant 9): each member's period — their own, or the
 * team's — has a start and an end at most CARE_TEAM_MAX_DAYS apart, and so has the team's
 * when it gives both; a longer follow-up is written again, an act in the ledger, rather
 * than granted once for years.
 */
export const CARE_TEAM_MAX_DAYS = 90;

const membershipBounded: Invariant = (team, at, context) => {
  const teams = isObject(team.period) ? (team.period as Json) : {};
  if (typeof teams.start === 'string' && typeof teams.end === 'string') withinDays(teams.start, teams.end, `${at}.period`, context);
  const participants = Array.isArray(team.participant) ? (team.participant as unknown[]) : [];
  participants.forEach((participant, index) => {
    const own = isObject(participant) && isObject(participant.period) ? (participant.period as Json) : {};
    const start = own.start ?? teams.start;
    const end = own.end ?? teams.end;
    const where = `${at}.participant[${index}].period`;
    if (typeof start !== 'string' || typeof end !== 'string') {
      report(context, 'required', where, `each member needs a start and an end (their own period or the team's), at most ${CARE_TEAM_MAX_DAYS} days apart`);
    } else if (own.start !== undefined || own.end !== undefined) {
      withinDays(start, end, where, context);
    }
  });
};

function withinDays(start: string, end: string, at: string, context: Parameters<Invariant>[2]): void {
  if (Date.parse(end) - Date.parse(start) > CARE_TEAM_MAX_DAYS * 86_400_000) {
    report(context, 'value', at, `a care team lasts at most ${CARE_TEAM_MAX_DAYS} days; write it again to go on`);
  }
}

/**
 * A patient's care team: the practitioners who follow them for a period (a nursing-home
 * resident's doctors, a chronic-disease follow-up). Each member of an active team is in
 * a care relationship with the patient for that period.
 */
export const careTeamRules: ResourceRules = {
  type: 'CareTeam',
  elements: {
    ...commonElements(),
    status: required(codeIn(['proposed', 'active', 'suspended', 'inactive', 'entered-in-error'])),
    name: optional(string),
    subject: required(literalReference('Patient')),
    period: optional(period),
    participant: list(
      backboneElement({
        role: list(codeableConcept()),
        member: required(literalReference('Practitioner')),
        period: optional(period),
      }),
      { required: true },
    ),
    managingOrganization: list(reference('Organization')),
  },
  invariants: [membershipBounded],
};
