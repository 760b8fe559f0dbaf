import { Type } from '@sinclair/typebox';
import { BREAK_GLASS_REASONS, type BreakGlassReason } from '../../access/break-glass-reasons.ts';
import { Body, Instant, Nullable, OneOf } from './common.ts';

/** The guard's routes for the officers (security-routes.ts), break-glass (break-glass-routes.ts). */
const Note = Type.String({ description: '3 to 500 characters: what the review found; it goes into the ledger' });
const REASONS = Object.keys(BREAK_GLASS_REASONS) as BreakGlassReason[];

export const AlertsQuery = Type.Object({ status: Type.Optional(OneOf(['open', 'all'], 'open by default')) }, { additionalProperties: false });
export const Alert = Type.Object(
  {
    id: Type.String(),
    accountId: Nullable(Type.String()),
    username: Nullable(Type.String()),
    role: Nullable(Type.String()),
    accountStatus: Nullable(Type.String()),
    detector: Type.String(),
    severity: Type.String(),
    explanation: Type.String(),
    evidence: Type.Record(Type.String(), Type.Unknown()),
    contained: Type.Boolean(),
    raisedAt: Instant,
    acknowledgedAt: Nullable(Instant),
    note: Nullable(Type.String()),
  },
  { $id: 'Alert' },
);
export const Alerts = Type.Object({ alerts: Type.Array(Alert) });
export const AlertDetail = Type.Composite([Alert, Type.Object({ entries: Type.Array(Type.Unknown(), { description: 'The ledger entries that raised it' }) })]);
export const OfficerNote = Body({ note: Note });
export const Reinstated = Type.Object({ accountId: Type.String(), status: Type.Literal('active') });
export const Addresses = Type.Object({ addresses: Type.Array(Type.Object({ address: Type.String(), alertId: Type.String(), containedAt: Instant })) });
export const AddressLift = Body({ address: Type.String({ description: 'IPv4 or IPv6' }), note: Note });
export const Lifted = Type.Object({ address: Type.String(), lifted: Type.Literal(true) });
export const Attribution = Type.Object(
  { exportsWeighed: Type.Number(), named: Type.Array(Type.Unknown()) },
  { additionalProperties: true, description: 'The exports the sample matches, weighed (src/exports/attribution)' },
);
export const DisclosuresQuery = Type.Object(
  { hours: Type.Optional(Type.String({ pattern: '^\\d{1,3}$', description: 'A whole number from 1 to 168; 24 by default' })) },
  { additionalProperties: false },
);
export const HourFigure = Type.Object({ hour: Instant, role: Type.String(), patients: Type.Number() }, { $id: 'HourFigure' });
export const Disclosures = Type.Object({ hours: Type.Array(HourFigure) });
export const LedgerStatus = Type.Object(
  {
    head: Type.Number({ description: "The last entry's number" }),
    lastCheckpoint: Nullable(Type.Object({ treeSize: Type.Number(), signedAt: Instant, keyId: Type.String(), root: Type.String() })),
    lastVerification: Nullable(
      Type.Object({ at: Instant, intact: Type.Boolean(), entries: Type.String(), head: Type.String(), problem: Nullable(Type.String()) }),
    ),
  },
  { $id: 'LedgerStatus' },
);
export const BreachCase = Type.Object({
  id: Type.String(),
  awareAt: Instant,
  notifyBy: Instant,
  status: Type.String(),
  sampleRows: Type.Number(),
  rowsMatched: Type.Number(),
  patients: Type.Number(),
  source: Nullable(
    Type.Object({ kind: Type.String(), username: Nullable(Type.String()), role: Nullable(Type.String()), exportId: Type.Optional(Type.String()) }),
  ),
});
export const BreachCases = Type.Object({ breaches: Type.Array(BreachCase) });
export const HoneyRecords = Type.Object({
  honeyRecords: Type.Array(Type.Object({ patientId: Type.String(), establishmentId: Type.String(), plantedAt: Instant })),
});

export const BreakGlassReasons = Type.Object({
  reasons: Type.Array(Type.Object({ code: OneOf(REASONS), label: Type.String() })),
  hours: Type.Number({ description: 'How long an opening lasts' }),
});
export const BreakGlassAsked = Body({
  patient: Type.String({ description: 'A Patient id or reference (Patient/…)' }),
  reason: OneOf(REASONS, 'One of GET /api/break-glass/reasons'),
  text: Type.String({ description: 'The reason in words' }),
});
export const BreakGlassOpened = Type.Object({ id: Type.String(), patientId: Type.String(), reason: OneOf(REASONS), expiresAt: Instant });
export const BreakGlassQuery = Type.Object({ status: Type.Optional(OneOf(['unreviewed', 'all'], 'unreviewed by default')) }, { additionalProperties: false });
export const BreakGlassEntry = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    role: Type.String(),
    patientId: Type.String(),
    establishmentId: Type.String(),
    reason: OneOf(REASONS),
    text: Type.String(),
    openedAt: Instant,
    expiresAt: Instant,
    review: Nullable(
      Type.Object({ outcome: OneOf(['justified', 'unjustified']), note: Nullable(Type.String()), reviewedAt: Instant, reviewedBy: Type.String() }),
    ),
  },
  { $id: 'BreakGlassEntry' },
);
export const BreakGlassEntries = Type.Object({ entries: Type.Array(BreakGlassEntry) });
export const BreakGlassReview = Body({
  outcome: OneOf(['justified', 'unjustified']),
  note: Type.Optional(Type.String({ description: 'At least 10 characters when unjustified' })),
});
