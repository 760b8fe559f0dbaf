/**
 * Single sign-on with an OpenID Connect provider such as Pro Santé Connect, the French
 * health professionals' identity provider (e-CPS app or CPS card). Off unless configured.
 */
import { secureUrl } from '../../domain/urls.ts';
export interface SsoConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Vigie's callback as registered at the provider: `…/api/auth/sso/callback`. */
  redirectUri: URL;
  scope: string;
  /** Sent as `acr_values` when set (Pro Santé Connect requires `eidas1`). */
  acrValues: string | undefined;
  /** The claim holding the professional's RPPS number, or IdNat_PS ("8" + RPPS). */
  rppsClaim: string;
  /** `acr` values that mean the provider verified two factors: Vigie asks for no second one. */
  strongAcr: readonly string[];
  /** `amr` methods (RFC 8176) that mean the same. */
  strongAmr: readonly string[];
}

/**
 * Pro Santé Connect's e-CPS levels above `eidas1`; RFC 8176 `mfa`, and `hwk` (a hardware
 * key such as the CPS card, which needs its PIN). `swk` and `otp` alone are one factor.
 */
export const DEFAULT_STRONG_ACR = ['eidas2', 'eidas3'];
export const DEFAULT_STRONG_AMR = ['mfa', 'hwk'];
export const DEFAULT_RPPS_CLAIM = 'SubjectNameID';

const REQUIRED = ['VIGIE_OIDC_ISSUER', 'VIGIE_OIDC_CLIENT_ID', 'VIGIE_OIDC_CLIENT_SECRET', 'VIGIE_OIDC_REDIRECT_URI'] as const;

/** The SSO configuration from the environment; undefined when none of it is set, an error when only part is. */
export function ssoConfigFrom(env: NodeJS.ProcessEnv = process.env): SsoConfig | undefined {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length === REQUIRED.length) return undefined;
  if (missing.length > 0) throw new Error(`Single sign-on is half configured: set ${missing.join(', ')} too`);
  return {
    issuer: secureUrl('VIGIE_OIDC_ISSUER', env.VIGIE_OIDC_ISSUER!),
    clientId: env.VIGIE_OIDC_CLIENT_ID!,
    clientSecret: env.VIGIE_OIDC_CLIENT_SECRET!,
    redirectUri: secureUrl('VIGIE_OIDC_REDIRECT_URI', env.VIGIE_OIDC_REDIRECT_URI!),
    scope: env.VIGIE_OIDC_SCOPE || 'openid',
    acrValues: env.VIGIE_OIDC_ACR_VALUES || undefined,
    rppsClaim: env.VIGIE_OIDC_RPPS_CLAIM || DEFAULT_RPPS_CLAIM,
    strongAcr: narrowed('VIGIE_OIDC_STRONG_ACR', env.VIGIE_OIDC_STRONG_ACR, DEFAULT_STRONG_ACR),
    strongAmr: narrowed('VIGIE_OIDC_STRONG_AMR', env.VIGIE_OIDC_STRONG_AMR, DEFAULT_STRONG_AMR),
  };
}

/**
 * Which provider levels spare Vigie's own second factor may only be narrowed by
 * configuration (DESIGN invariant 2): a value outside the defaults would let a
 * one-factor sign-in count as two.
 */
function narrowed(name: string, value: string | undefined, defaults: readonly string[]): readonly string[] {
  const items = value?.split(/[\s,]+/).filter(Boolean) ?? [];
  if (items.length === 0) return defaults;
  const unknown = items.filter((item) => !defaults.includes(item));
  if (unknown.length > 0) throw new Error(`${name} may only narrow ${defaults.join(', ')}; not ${unknown.join(', ')}`);
  return items;
}
