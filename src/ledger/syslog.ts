import { hostname } from 'node:os';

/**
 * A ledger entry as one RFC 5424 syslog line, for a SIEM that ingests syslog rather than
 * JSON lines: facility authpriv (security and authorisation messages), severity by
 * outcome — by the guard's own severity for its alerts, critical for a containment — the
 * action as MSGID, the FHIR AuditEvent as the message.
 */
const AUTHPRIV = 10;
const SEVERITY: Record<string, number> = { allowed: 6, refused: 4, failed: 3 }; // informational, warning, error
const ALERT_SEVERITY: Record<string, number> = { high: 2, medium: 4, low: 5 }; // critical, warning, notice
const CRITICAL = 2;

export function syslogLine(event: fhir4.AuditEvent, entry: { outcome: string; action: string; detail: unknown }, host = hostname()): string {
  const { outcome, action } = entry;
  const alertSeverity = action === 'alert' ? ALERT_SEVERITY[String((entry.detail as { severity?: unknown } | null)?.severity)] : undefined;
  const priority = AUTHPRIV * 8 + (action === 'containment' ? CRITICAL : (alertSeverity ?? SEVERITY[outcome] ?? 3));
  const token = (text: string) => text.replace(/[^\x21-\x7e]/g, '_').slice(0, 32) || '-';
  return `<${priority}>1 ${event.recorded} ${token(host)} vigie - ${token(action)} - ${JSON.stringify(event)}`;
}
