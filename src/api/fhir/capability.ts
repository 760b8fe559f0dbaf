import { CLINICAL_TYPES } from '../../domain/systems.ts';

/** `GET /fhir/metadata`: what this server does, in FHIR's own terms. */
export const PATIENT_SEARCH_PARAMS = ['family', 'given', 'birthdate', 'identifier', 'address-postalcode', 'phone', 'email'] as const;

export function capabilityStatement(version: string): fhir4.CapabilityStatement {
  const token = (name: string, type: 'string' | 'date' | 'token' | 'reference') => ({ name, type });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-22',
    kind: 'instance',
    software: { name: 'Vigie', version },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }],
              text: 'Bearer token from /api/auth (password + TOTP)',
            },
          ],
          description: 'Every disclosure is decided, audited and counted by one gate.',
        },
        operation: [
          {
            name: 'export',
            definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
            documentation: 'A governed export: purpose and justification parameters; past 50 patients it waits for approval by a second person.',
          },
        ],
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
            searchParam: [
              token('family', 'string'),
              token('given', 'string'),
              token('birthdate', 'date'),
              token('identifier', 'token'),
              token('address-postalcode', 'string'),
              token('phone', 'token'),
              token('email', 'token'),
            ],
            operation: [
              { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' },
              { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export' },
            ],
          },
          ...CLINICAL_TYPES.map((type) => ({
            type,
            interaction: [{ code: 'read' as const }, { code: 'search-type' as const }, { code: 'create' as const }, { code: 'update' as const }],
            searchParam: [token('patient', 'reference'), token('subject', 'reference')],
          })),
          {
            type: 'AuditEvent',
            documentation: 'The audit ledger, for the DPO and the security officer only; newest first.',
            interaction: [{ code: 'search-type' }],
            searchParam: [token('patient', 'reference'), token('agent', 'reference'), token('action', 'token'), token('date', 'date')],
          },
          ...(['Organization', 'Practitioner', 'PractitionerRole'] as const).map((type) => ({
            type,
            interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          })),
        ],
      },
    ],
  };
}
