import { CLINICAL_TYPES } from '../systems.ts';
import { checkShape, isObject, report, required, type Context, type Issue } from './checks.ts';
import { allergyIntoleranceRules } from './allergy-intolerance.ts';
import { conditionRules } from './condition.ts';
import { coverageRules } from './coverage.ts';
import { documentReferenceRules } from './document-reference.ts';
import { encounterRules } from './encounter.ts';
import { medicationRequestRules } from './medication-request.ts';
import { observationRules } from './observation.ts';
import { patientRules } from './patient.ts';
import type { ResourceRules } from './resource.ts';
import { serviceRequestRules } from './service-request.ts';
import { careTeamRules } from './care-team.ts';

export type { Issue } from './checks.ts';

/** The resource types a client may create or update. */
export const SUPPORTED_WRITE_TYPES = ['Patient', ...CLINICAL_TYPES] as const;
export type SupportedWriteType = (typeof SUPPORTED_WRITE_TYPES)[number];

const RULES: Readonly<Record<SupportedWriteType, ResourceRules>> = {
  Patient: patientRules,
  Encounter: encounterRules,
  Condition: conditionRules,
  AllergyIntolerance: allergyIntoleranceRules,
  MedicationRequest: medicationRequestRules,
  ServiceRequest: serviceRequestRules,
  Observation: observationRules,
  Coverage: coverageRules,
  DocumentReference: documentReferenceRules,
  CareTeam: careTeamRules,
};

/** Past this many problems the rest are summed up: a hostile body must not buy a huge answer. */
const MAX_ISSUES = 100;

export interface ValidationOptions {
  /** "Today" (birth dates may not be later); defaults to the clock. */
  now?: Date;
}

export function isSupportedWriteType(type: unknown): type is SupportedWriteType {
  return typeof type === 'string' && Object.hasOwn(RULES, type);
}

/**
 * Every problem with a resource a client wants to write, as OperationOutcome issues; an
 * empty list means it may be stored. Pure: no I/O, and the input is not changed. Whether
 * referenced resources exist is for the store to say.
 */
export function validateResource(input: unknown, options: ValidationOptions = {}): Issue[] {
  const context: Context = { issues: [], now: options.now ?? new Date() };
  if (!isObject(input)) {
    const found = Array.isArray(input) ? 'an array' : input === null || input === undefined ? 'nothing' : `a ${typeof input}`;
    report(context, 'structure', 'Resource', `The body must be one FHIR resource (a JSON object), not ${found}`);
    return context.issues;
  }
  const type = input.resourceType;
  if (type === undefined) {
    report(context, 'required', 'Resource.resourceType', 'resourceType is required');
    return context.issues;
  }
  if (!isSupportedWriteType(type)) {
    const named = typeof type === 'string' ? `'${type.slice(0, 40)}'` : 'that resourceType';
    report(context, 'not-supported', 'Resource.resourceType', `Vigie does not accept writes of ${named}; it accepts ${SUPPORTED_WRITE_TYPES.join(', ')}`);
    return context.issues;
  }
  const rules = RULES[type];
  checkShape(input, { resourceType: required(() => {}), ...rules.elements }, type, context);
  for (const invariant of rules.invariants ?? []) invariant(input, type, context);
  return capped(context.issues);
}

function capped(issues: Issue[]): Issue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  return [
    ...issues.slice(0, MAX_ISSUES),
    { severity: 'error', code: 'invalid', diagnostics: `…and ${issues.length - MAX_ISSUES} more problems`, expression: ['Resource'] },
  ];
}
