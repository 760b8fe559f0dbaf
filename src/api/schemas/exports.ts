import { Type } from '@sinclair/typebox';
import { MAX_LISTED_PATIENTS } from '../../gate/export-scope.ts';
import { PURPOSES } from '../../exports/purposes.ts';
import { Body, Hex256, Instant, Nullable, OneOf, Uuid } from './common.ts';

/** Governed exports (export-routes.ts); what each field must mean is checked in src/exports/asked-export.ts. */
export const ExportAsked = Body({
  purpose: OneOf(PURPOSES),
  justification: Type.String({ description: '10 to 500 characters: why, about the export, never a patient' }),
  ethicsReference: Type.Optional(Type.String({ description: 'The ethics approval; required for research' })),
  scope: Type.Object(
    {
      kind: OneOf(['establishment', 'patients']),
      ids: Type.Optional(Type.Array(Uuid('A patient'), { minItems: 1, maxItems: MAX_LISTED_PATIENTS, description: 'With kind "patients" only' })),
    },
    { additionalProperties: false },
  ),
  fields: Type.Optional(OneOf(['pseudonymised', 'identified'], 'pseudonymised by default')),
  identifiedBecause: Type.Optional(Type.String({ description: 'Why direct identifiers are needed' })),
  format: Type.Optional(OneOf(['ndjson', 'csv'], 'ndjson (FHIR NDJSON) by default; one file per resource type')),
  passphrase: Type.Optional(Type.String({ description: 'For the files; without it (or a recipient key), the approver gives one' })),
  recipientKey: Type.Optional(Type.String({ description: "The receiving system's RSA public key, PEM" })),
  window: Type.Optional(Body({ start: Type.String({ description: 'ISO 8601' }), end: Type.String({ description: 'ISO 8601' }) }, 'A migration only')),
});

export const Decision = Body({ note: Type.String({ description: '3 to 500 characters, for the ledger' }), passphrase: Type.Optional(Type.String()) });
export const Receipt = Body({
  export: Type.Optional(Uuid('The export, as `vigie export receipt` names it; the proof binds it')),
  files: Type.Array(Hex256(), { minItems: 1, maxItems: 50, description: 'The SHA-256 of each sealed file received' }),
  proof: Hex256({ description: "The receipt's HMAC, as `vigie export receipt` prints it" }),
});
export const FileParams = Type.Object(
  { id: Uuid('The export'), type: Type.String({ description: 'A resource type of the export' }) },
  { additionalProperties: false },
);

export const ExportView = Type.Object(
  {
    id: Type.String(),
    requester: Type.Object({ id: Type.String(), username: Type.String(), role: Type.String() }),
    purpose: Type.String(),
    justification: Type.String(),
    ethicsReference: Nullable(Type.String()),
    scope: Type.Union([Type.Object({ kind: Type.Literal('establishment') }), Type.Object({ kind: Type.Literal('patients'), ids: Type.Array(Type.String()) })]),
    fields: Type.String(),
    identifiedBecause: Nullable(Type.String()),
    format: Type.String(),
    patients: Type.Number(),
    needsApproval: Type.Boolean(),
    status: OneOf(['awaiting-approval', 'scheduled', 'approved', 'writing', 'ready', 'received', 'failed', 'expired', 'refused', 'cancelled']),
    requestedAt: Instant,
    patientsWritten: Type.Number(),
    readyAt: Nullable(Instant),
    expiresAt: Nullable(Instant),
    failure: Nullable(Type.String()),
    decision: Nullable(Type.Object({ by: Type.String(), at: Instant, note: Type.String() })),
    cancelledBecause: Nullable(Type.String()),
    approvalsNeeded: Type.Number({ description: 'Two for a migration' }),
    recipientKeyFingerprint: Nullable(Type.String()),
    window: Nullable(Type.Object({ start: Instant, end: Instant })),
    receivedAt: Nullable(Instant),
  },
  { $id: 'ExportView' },
);
export const Exports = Type.Object({ exports: Type.Array(ExportView) });
