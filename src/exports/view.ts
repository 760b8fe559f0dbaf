import type { ExportScope } from '../gate/export-scope.ts';
import { sql } from '../store/sql.ts';

/** An export request as its requester and approvers see it. */
export interface ExportView {
  id: string;
  requester: { id: string; username: string; role: string };
  purpose: string;
  justification: string;
  ethicsReference: string | null;
  scope: ExportScope;
  fields: string;
  identifiedBecause: string | null;
  format: string;
  patients: number;
  needsApproval: boolean;
  status: 'awaiting-approval' | 'scheduled' | 'approved' | 'writing' | 'ready' | 'received' | 'failed' | 'expired' | 'refused' | 'cancelled';
  requestedAt: string;
  patientsWritten: number;
  readyAt: string | null;
  expiresAt: string | null;
  failure: string | null;
  decision: { by: string; at: string; note: string } | null;
  cancelledBecause: string | null;
  /** Two for a migration. */
  approvalsNeeded: number;
  /** SHA-256 of the receiving system's public key the files are sealed to, or null for a passphrase. */
  recipientKeyFingerprint: string | null;
  window: { start: string; end: string } | null;
  receivedAt: string | null;
}

export interface ExportRow {
  id: string;
  requester_id: string;
  username: string;
  role: string;
  purpose: string;
  justification: string;
  ethics_reference: string | null;
  scope: ExportScope | string;
  fields: string;
  identified_because: string | null;
  format: string;
  patients: number;
  needs_approval: boolean;
  status: ExportView['status'];
  requested_at: Date;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  cancelled_because: string | null;
  patients_written: number;
  ready_at: Date | null;
  expires_at: Date | null;
  failure: string | null;
  approvals_needed: number;
  establishment_id: string | null;
  recipient_key: string | null;
  recipient_key_fingerprint: string | null;
  window_start: Date | null;
  window_end: Date | null;
  received_at: Date | null;
}

export const EXPORT_SELECT = sql`SELECT e.*, a.username, a.role, d.username AS decided_by_name
  FROM export_request e JOIN account a ON a.id = e.requester_id LEFT JOIN account d ON d.id = e.decided_by`;

export function exportViewOf(row: ExportRow): ExportView {
  return {
    id: row.id,
    requester: { id: row.requester_id, username: row.username, role: row.role },
    purpose: row.purpose,
    justification: row.justification,
    ethicsReference: row.ethics_reference,
    scope: typeof row.scope === 'string' ? (JSON.parse(row.scope) as ExportScope) : row.scope,
    fields: row.fields,
    identifiedBecause: row.identified_because,
    format: row.format,
    patients: row.patients,
    needsApproval: row.needs_approval,
    status: row.status,
    requestedAt: new Date(row.requested_at).toISOString(),
    decision: row.decided_at ? { by: row.decided_by_name ?? '', at: iso(row.decided_at)!, note: row.decision_note ?? '' } : null,
    cancelledBecause: row.cancelled_because,
    patientsWritten: row.patients_written,
    readyAt: iso(row.ready_at),
    expiresAt: iso(row.expires_at),
    failure: row.failure,
    approvalsNeeded: row.approvals_needed,
    recipientKeyFingerprint: row.recipient_key_fingerprint,
    window: row.window_start && row.window_end ? { start: iso(row.window_start)!, end: iso(row.window_end)! } : null,
    receivedAt: iso(row.received_at),
  };
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
