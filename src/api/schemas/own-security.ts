import { Type } from '@sinclair/typebox';
import { Body, Instant, Nullable } from './common.ts';
import { Assertion, Registration } from './sign-in.ts';

/** A signed-in person's own passkeys, recovery codes, step-up and notices (own-security-routes.ts). */
export const Passkey = Type.Object(
  { id: Type.String(), credentialId: Type.String(), transports: Type.Array(Type.String()), createdAt: Instant, lastUsedAt: Nullable(Instant) },
  { $id: 'Passkey' },
);
export const Passkeys = Type.Object({ passkeys: Type.Array(Passkey) });
export const NewPasskey = Body({ response: Registration });
export const AddedPasskey = Type.Object({
  passkey: Passkey,
  recoveryCodes: Type.Optional(Type.Array(Type.String(), { description: 'With the first passkey only, shown once' })),
});
export const StepUp = Body({ response: Assertion });
export const SteppedUp = Type.Object({ stepUpAt: Instant });
export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'Shown once' }) });
export const Notices = Type.Object({
  notices: Type.Array(
    Type.Object({ id: Type.String(), kind: Type.String(), text: Type.String(), detail: Type.Record(Type.String(), Type.Unknown()), createdAt: Instant }),
  ),
});
