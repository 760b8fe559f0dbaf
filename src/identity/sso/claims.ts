import { checkRpps, rppsOfIdNatPs } from '../../domain/rpps.ts';
import type { SsoConfig } from './config.ts';

/** What Vigie reads from the provider about the professional who signed in. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  rpps: string | undefined;
  acr: string | undefined;
  amr: string[];
}

/**
 * The RPPS number in a claim: Pro Santé Connect's `SubjectNameID` is the IdNat_PS, "8" +
 * RPPS; a bare RPPS number is accepted too. Anything else (an ADELI-based IdNat_PS, a
 * malformed or mistyped number) is no RPPS, so no account.
 */
export function rppsOfClaim(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const fromIdNat = rppsOfIdNatPs(value);
  if (fromIdNat) return fromIdNat;
  const check = checkRpps(value);
  return check.ok && /^\d{11}$/.test(value) ? check.rpps : undefined;
}

/**
 * The identity in a validated ID token. The RPPS claim may come from the UserInfo endpoint
 * instead (where Pro Santé Connect puts it); `acr` and `amr` only ever from the ID token,
 * the signed statement of how the professional authenticated.
 */
export function identityOf(idToken: Record<string, unknown>, userInfo: Record<string, unknown> | undefined, rppsClaim: string): ProviderIdentity {
  return {
    issuer: String(idToken.iss),
    subject: String(idToken.sub),
    rpps: rppsOfClaim(idToken[rppsClaim] ?? userInfo?.[rppsClaim]),
    acr: typeof idToken.acr === 'string' ? idToken.acr : undefined,
    amr: Array.isArray(idToken.amr) ? idToken.amr.filter((method): method is string => typeof method === 'string') : [],
  };
}

/**
 * Whether the provider itself verified a second factor, by the ID token's `acr` (a level
 * in the configured strong set) or `amr` (a configured strong method). If it did not,
 * Vigie asks for its own TOTP before opening a session.
 */
export function providerVerifiedTwoFactors(identity: ProviderIdentity, config: Pick<SsoConfig, 'strongAcr' | 'strongAmr'>): boolean {
  if (identity.acr !== undefined && config.strongAcr.includes(identity.acr)) return true;
  return identity.amr.some((method) => config.strongAmr.includes(method));
}

/** How the provider authenticated, for the audit entry. */
export function authenticationEvidence(identity: ProviderIdentity): string {
  return `acr=${identity.acr ?? 'none'}, amr=${identity.amr.join('+') || 'none'}`;
}
