import { VIGIE } from '../domain/systems.ts';
import type { AuditRow } from './audit-query.ts';

/**
 * A ledger entry as a FHIR R4 AuditEvent, after the IHE Basic Audit Log Patterns: who
 * (the account, its role, its address), what (the patient and the resource), how it
 * ended and why (the reason, the relationship or break-glass that allowed it).
 */
const AUDIT_ACTION_SYSTEM = `${VIGIE}/CodeSystem/audit-action`;
const REST: fhir4.Coding = { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' };
const LOGIN: fhir4.Coding = { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110114', display: 'User Authentication' };
const SECURITY_ALERT: fhir4.Coding = { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110113', display: 'Security Alert' };
const ACCESS_ACTIONS = new Set(['read', 'search', 'everything', 'create', 'update', 'break-glass']);
const GUARD_ACTIONS = new Set(['alert', 'containment', 'reinstatement', 'alert-acknowledge']);
const CRUD: Record<string, fhir4.AuditEvent['action']> = { read: 'R', search: 'R', everything: 'R', create: 'C', update: 'U' };
const OUTCOME: Record<string, fhir4.AuditEvent['outcome']> = { allowed: '0', refused: '4', failed: '8' };

export function auditEventOf(row: AuditRow): fhir4.AuditEvent {
  const basis = (row.detail as { basis?: { kind?: string } } | null)?.basis?.kind;
  const entity: fhir4.AuditEventEntity[] = [];
  if (row.patient_id) {
    entity.push({ what: { reference: `Patient/${row.patient_id}` }, type: { code: '1', display: 'Person' }, role: { code: '1', display: 'Patient' } });
  }
  if (row.resource_type && row.resource_id && row.resource_id !== row.patient_id) {
    entity.push({ what: { reference: `${row.resource_type}/${row.resource_id}` }, type: { code: '2', display: 'System Object' } });
  }
  return {
    resourceType: 'AuditEvent',
    id: String(row.seq),
    type: ACCESS_ACTIONS.has(row.action) ? REST : GUARD_ACTIONS.has(row.action) ? SECURITY_ALERT : LOGIN,
    subtype: [{ system: AUDIT_ACTION_SYSTEM, code: row.action }],
    action: CRUD[row.action] ?? 'E',
    recorded: new Date(row.occurred_at).toISOString(),
    outcome: OUTCOME[row.outcome] ?? '8',
    outcomeDesc: row.reason,
    ...(basis
      ? {
          purposeOfEvent: [
            {
              coding: [
                basis === 'break-glass'
                  ? { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG', display: 'break the glass' }
                  : { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' },
              ],
              text: basis,
            },
          ],
        }
      : {}),
    agent: [
      {
        ...(row.actor_role ? { role: [{ text: row.actor_role }] } : {}),
        ...(row.actor_id
          ? { who: { identifier: { system: `${VIGIE}/sid/account`, value: row.actor_id }, ...(row.username ? { display: row.username } : {}) } }
          : {}),
        requestor: true,
        ...(row.address ? { network: { address: row.address, type: '2' as const } } : {}),
      },
    ],
    source: {
      observer: { display: 'Vigie' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    ...(entity.length > 0 ? { entity } : {}),
  };
}
