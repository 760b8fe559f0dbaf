import { freshPasskeyNeeded } from './refusals.ts';
import type { Role } from './roles.ts';

/** Who is acting, established by a session: what every decision and audit entry is about. */
export interface Actor {
  accountId: string;
  username: string;
  role: Role;
  establishmentId: string | undefined;
  practitionerId: string | undefined;
  unitId: string | undefined;
  /** A patient's own record (role patient only). */
  patientId?: string | undefined;
  sessionId: string;
  address: string | undefined;
  /** When this session last proved a passkey (step-up), for acts that need a fresh one. */
  stepUpAt?: Date | undefined;
  /** Whether this session was opened with a passkey. */
  passkeyShown?: boolean | undefined;
}

/** An account's placement as stored, for making its actor. */
export interface AccountPlacement {
  username: string;
  role: Role;
  establishment_id: string | null;
  practitioner_id: string | null;
  unit_id: string | null;
  patient_id?: string | null;
}

/** The actor of an account on a session. */
export function actorOf(
  accountId: string,
  account: AccountPlacement,
  session: { sessionId: string; address: string | undefined; stepUpAt?: Date | undefined; passkeyShown?: boolean | undefined },
): Actor {
  return {
    accountId,
    username: account.username,
    role: account.role,
    establishmentId: account.establishment_id ?? undefined,
    practitionerId: account.practitioner_id ?? undefined,
    unitId: account.unit_id ?? undefined,
    patientId: account.patient_id ?? undefined,
    ...session,
  };
}

/** Where a request comes from. */
export interface Origin {
  address?: string | undefined;
  userAgent?: string | undefined;
}

/** Wrong credentials, expired ticket or token: always the same answer (no enumeration). */
export class Unauthenticated extends Error {
  constructor() {
    super('Authentication failed');
  }
}

/** Whether the actor's session proved a passkey within the last `seconds`. */
export function hasRecentStepUp(actor: Pick<Actor, 'stepUpAt'>, seconds: number, now = Date.now()): boolean {
  return actor.stepUpAt !== undefined && now - actor.stepUpAt.getTime() <= seconds * 1000;
}

/** How recent a passkey must be for an act that undoes a protection or lets data out. */
export const FRESH_PASSKEY_SECONDS = 5 * 60;

/** Refuses the act unless the actor's session proved a passkey in the last five minutes. */
export function mustHaveFreshPasskey(actor: Pick<Actor, 'stepUpAt'>, what: string): void {
  if (!hasRecentStepUp(actor, FRESH_PASSKEY_SECONDS)) {
    throw freshPasskeyNeeded(what);
  }
}
