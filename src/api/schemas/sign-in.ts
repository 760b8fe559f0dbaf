import { Type } from '@sinclair/typebox';
import { Base64url, Body, Instant, Nullable, OneOf } from './common.ts';

/** Sign-in, activation and the passkey steps (auth-routes.ts, activation-routes.ts, passkey-routes.ts). */

/** A credential or a ticket: its length is checked by the handler, which answers the uniform 401 rather than say which. */
const Secret = (description: string) => Type.String({ description });

export const Login = Body({ username: Secret('The account name'), password: Secret('The password') });
export const LoginTicket = Type.Object({
  ticket: Type.String({ description: 'Single use, for the second factor' }),
  mfa: Type.Array(Type.String(), { description: 'The second factors that may follow' }),
});

export const TotpStep = Body({ ticket: Secret('From POST /api/auth/login'), code: Secret('The authenticator app’s code') });

export const SessionGrant = Type.Object({ token: Type.String({ description: 'The bearer token' }), expiresAt: Instant }, { $id: 'SessionGrant' });
/** A privileged role goes on with a passkey: its assertion, or its first enrolment. */
export const NextStep = Type.Object({ next: OneOf(['webauthn', 'webauthn-enrol']) });

export const Methods = Type.Object({ password: Type.Boolean(), sso: Type.Boolean() });

export const Me = Type.Object(
  {
    username: Type.String(),
    role: Type.String(),
    establishmentId: Nullable(Type.String()),
    unitId: Nullable(Type.String()),
    practitionerId: Nullable(Type.String()),
  },
  { $id: 'Me', description: 'Who is signed in' },
);

export const ActivationStart = Body({ username: Secret('The account name'), activationCode: Secret('The code from the activation letter') });
export const ActivationOffer = Type.Object({ totpUri: Type.String({ description: 'otpauth:// URI of the offered authenticator secret' }) });
export const ActivationFinish = Body({
  username: Secret('The account name'),
  activationCode: Secret('The code from the activation letter'),
  password: Secret('The new password'),
  code: Secret('A code from the new authenticator'),
});
export const ActivationDone = Type.Object({ next: Type.Literal('sign-in') });

/** WebAuthn (W3C Level 2): the fields Vigie reads, and what else the browser adds, passed to the verifier as is. */
const MAX_FIELD = 16 * 1024;
const Credential = <R extends Parameters<typeof Type.Object>[0]>(response: R) =>
  Type.Object(
    {
      id: Base64url({ maxLength: 1024 }),
      rawId: Base64url({ maxLength: 1024 }),
      type: Type.Literal('public-key'),
      response: Type.Object(response),
      clientExtensionResults: Type.Optional(Type.Object({})),
    },
    { description: "The credential's JSON (PublicKeyCredential.toJSON())" },
  );
export const Registration = Credential({
  clientDataJSON: Base64url({ maxLength: MAX_FIELD }),
  attestationObject: Base64url({ maxLength: MAX_FIELD }),
  transports: Type.Optional(Type.Array(Type.String({ maxLength: 31 }), { maxItems: 9 })),
});
export const Assertion = Credential({
  clientDataJSON: Base64url({ maxLength: MAX_FIELD }),
  authenticatorData: Base64url({ maxLength: MAX_FIELD }),
  signature: Base64url({ maxLength: MAX_FIELD }),
  userHandle: Type.Optional(Nullable(Base64url({ maxLength: MAX_FIELD }))),
});

/** The options a browser hands to navigator.credentials (PublicKeyCredential*OptionsJSON). */
export const CeremonyOptions = Type.Object({ challenge: Type.String() }, { additionalProperties: true, description: 'WebAuthn options JSON' });

export const TicketOnly = Body({ ticket: Secret('From POST /api/auth/login') });
export const PasskeySignIn = Body({ ticket: Secret('From POST /api/auth/login'), response: Assertion });
export const EnrolmentStart = Body({ ticket: Secret('From POST /api/auth/login'), activationCode: Secret('The code from the activation letter') });
export const Enrolment = Body({
  ticket: Secret('From POST /api/auth/login'),
  activationCode: Secret('The code from the activation letter'),
  response: Registration,
});
export const RecoverySignIn = Body({ ticket: Secret('From POST /api/auth/login'), code: Secret('One of the recovery codes') });
export const EnrolledGrant = Type.Object({ token: Type.String(), expiresAt: Instant, recoveryCodes: Type.Array(Type.String()) });
