import { describe, expect, it } from 'vitest';
import { syslogLine } from './syslog.ts';

const event = { resourceType: 'AuditEvent', recorded: '2026-12-02T01:00:00.000Z' } as fhir4.AuditEvent;
const priorityOf = (entry: { outcome: string; action: string; detail: unknown }) => Number(/^<(\d+)>1 /.exec(syslogLine(event, entry, 'host'))![1]);

describe('syslog lines', () => {
  it("are of facility authpriv, their severity the outcome, the guard alert's, or critical for a containment", () => {
    expect(priorityOf({ outcome: 'allowed', action: 'read', detail: null })).toBe(10 * 8 + 6);
    expect(priorityOf({ outcome: 'refused', action: 'read', detail: null })).toBe(10 * 8 + 4);
    expect(priorityOf({ outcome: 'allowed', action: 'alert', detail: { severity: 'high' } })).toBe(10 * 8 + 2);
    expect(priorityOf({ outcome: 'allowed', action: 'alert', detail: { severity: 'medium' } })).toBe(10 * 8 + 4);
    expect(priorityOf({ outcome: 'allowed', action: 'alert', detail: { severity: 'low' } })).toBe(10 * 8 + 5);
    expect(priorityOf({ outcome: 'allowed', action: 'containment', detail: {} })).toBe(10 * 8 + 2);
  });
});
