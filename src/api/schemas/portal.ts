import { Type } from '@sinclair/typebox';
import { Body, Instant, Nullable, Patterned } from './common.ts';

/** The patient portal (portal-routes.ts). */
export const OwnRecord = Type.Object({
  id: Type.String(),
  family: Nullable(Type.String()),
  given: Type.Array(Type.String()),
  birthDate: Nullable(Type.String()),
});
export const AccessRecord = Type.Object(
  {
    entry: Type.String({ description: 'The ledger entry, to report an access one does not recognise' }),
    at: Instant,
    action: Type.String(),
    professional: Nullable(Type.String()),
    role: Nullable(Type.String()),
    establishment: Nullable(Type.String()),
    unit: Nullable(Type.String()),
    why: Type.String(),
    basis: Nullable(Type.String()),
    breakGlass: Type.Boolean(),
  },
  { $id: 'AccessRecord' },
);
export const Accesses = Type.Object({ accesses: Type.Array(AccessRecord) });
export const BreachNotice = Type.Object(
  { caseId: Type.String(), awareAt: Instant, status: Type.String(), inSample: Type.Boolean(), categories: Type.Array(Type.String()) },
  { $id: 'BreachNotice' },
);
export const BreachNotices = Type.Object({ breaches: Type.Array(BreachNotice) });

const EntryNumber = Patterned('^\\d{1,19}$', 'the number of an access in your access history');
export const AccessReport = Body({ entry: EntryNumber(), comment: Type.Optional(Type.String({ maxLength: 1000 })) });
export const Reported = Type.Object({ alertId: Type.String(), entry: Type.String() });
