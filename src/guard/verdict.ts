import type { Actor } from '../domain/actor.ts';
import type { NewAlert } from './alerts.ts';

/** A patient given outside care relationships, and its cost to the actor's budget. */
export interface Charge {
  patientId: string;
  cost: number;
}

/** An account the guard sets aside, with the alert that tells the security officer why. */
export interface Containment {
  actor: Actor;
  alert: NewAlert;
}

/**
 * What the guard decides about a request; src/guard/enforcement.ts applies it, in the
 * request's transaction, before anything leaves. The guard itself only keeps the
 * counters its detectors learn from.
 */
export type Verdict =
  /** Go on; the patients given outside relationships are charged. */
  | { kind: 'pass'; charges: readonly Charge[] }
  /** Refused until the actor confirms with a passkey. */
  | { kind: 'step-up'; why: string }
  /** Refused, and these accounts set aside (none: the account already was); with `address`, the address too. */
  | { kind: 'contain'; accounts: readonly Containment[]; address?: string };

export const pass = (charges: readonly Charge[] = []): Verdict => ({ kind: 'pass', charges });
export const stepUp = (why: string): Verdict => ({ kind: 'step-up', why });
export const contain = (accounts: readonly Containment[], address?: string): Verdict => ({ kind: 'contain', accounts, ...(address ? { address } : {}) });
