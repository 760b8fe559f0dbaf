import { hostname } from 'node:os';

/**
 * A ledger entry as one RFC 5424 syslog line, for a SIEM that ingests syslog rather than
 * JSON lines: facility authpriv (security and authorisation messages), severity by
 * outcome, the action as MSGID, the FHIR AuditEvent as the message.
 */
const AUTHPRIV = 10;
const SEVERITY: Record<string, number> = { allowed: 6, refused: 4, failed: 3 }; // informational, warning, error

export function syslogLine(event: fhir4.AuditEvent, outcome: string, action: string, host = hostname()): string {
  const priority = AUTHPRIV * 8 + (SEVERITY[outcome] ?? 3);
  const token = (text: string) => text.replace(/[^\x21-\x7e]/g, '_').slice(0, 32) || '-';
  return `<${priority}>1 ${event.recorded} ${token(host)} vigie - ${token(action)} - ${JSON.stringify(event)}`;
}
