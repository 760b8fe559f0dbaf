import { codeIn, isObject, list, optional, report, required, string, type Invariant, type Json } from './checks.ts';
import { backboneElement, codeableConcept, literalReference, period, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** Need to know has an end: each member needs a start and an end, their own or the team's. */
const membershipBounded: Invariant = (team, at, context) => {
  const bound = (name: 'start' | 'end', participant: unknown) => {
    const own = isObject(participant) && isObject(participant.period) ? (participant.period as Json)[name] : undefined;
    const teams = isObject(team.period) ? (team.period as Json)[name] : undefined;
    return typeof own === 'string' || typeof teams === 'string';
  };
  const participants = Array.isArray(team.participant) ? (team.participant as unknown[]) : [];
  participants.forEach((participant, index) => {
    if (!bound('start', participant) || !bound('end', participant)) {
      report(context, 'required', `${at}.participant[${index}].period`, "each member needs a start and an end (their own period or the team's)");
    }
  });
};

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
