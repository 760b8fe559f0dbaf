import type { Role } from './roles.ts';

/** Who is acting, established by a session: what every decision and audit entry is about. */
export interface Actor {
  accountId: string;
  username: string;
  role: Role;
  establishmentId: string | undefined;
  practitionerId: string | undefined;
  unitId: string | undefined;
  sessionId: string;
  address: string | undefined;
  /** When this session last proved a passkey (step-up), for acts that need a fresh one. */
  stepUpAt?: Date | undefined;
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
