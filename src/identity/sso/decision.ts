import { PRIVILEGED_ROLES, type Role } from '../../domain/roles.ts';
import { authenticationEvidence, providerVerifiedTwoFactors, type ProviderIdentity } from './claims.ts';
import type { SsoConfig } from './config.ts';

interface CandidateAccount {
  role: Role;
  status: 'active' | 'suspended' | 'contained';
}

/**
 * What a single sign-on gives, with its reason for the audit trail:
 * - `session` when the provider verified two factors and the role is not privileged;
 * - `ticket` (Vigie's own second factor still to pass) when the provider verified one, or
 *   whatever it verified for a privileged role, whose factors Vigie alone decides;
 * - `refused` when the RPPS number names no single active account.
 */
export type SsoDecision<A extends CandidateAccount> =
  { kind: 'session' | 'ticket'; account: A; reason: string } | { kind: 'refused'; account: A | undefined; reason: string };

export function decideSsoSignIn<A extends CandidateAccount>(
  identity: ProviderIdentity,
  accounts: readonly A[],
  config: Pick<SsoConfig, 'rppsClaim' | 'strongAcr' | 'strongAmr'>,
): SsoDecision<A> {
  if (!identity.rpps) return { kind: 'refused', account: undefined, reason: `no valid RPPS number in claim ${config.rppsClaim}` };
  const [account, ...others] = accounts;
  if (!account) return { kind: 'refused', account, reason: 'no account linked to this RPPS number' };
  // Which one would be a guess: such a professional signs in with a username instead.
  if (others.length > 0) return { kind: 'refused', account: undefined, reason: 'several accounts linked to this RPPS number' };
  if (account.status !== 'active') return { kind: 'refused', account, reason: `account ${account.status}` };
  const evidence = authenticationEvidence(identity);
  if (PRIVILEGED_ROLES.includes(account.role)) {
    return { kind: 'ticket', account, reason: `privileged role: Vigie's own second factor required (${evidence})` };
  }
  if (!providerVerifiedTwoFactors(identity, config)) {
    return { kind: 'ticket', account, reason: `provider verified a single factor (${evidence}): Vigie's second factor required` };
  }
  return { kind: 'session', account, reason: `provider verified two factors (${evidence})` };
}
