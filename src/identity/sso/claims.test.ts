import { describe, expect, it } from 'vitest';
import { idNatPs, makeRpps } from '../../domain/rpps.ts';
import { identityOf, providerVerifiedTwoFactors, rppsOfClaim } from './claims.ts';
import { DEFAULT_STRONG_ACR, DEFAULT_STRONG_AMR } from './config.ts';

const RPPS = makeRpps(1234567890);
const strong = { strongAcr: DEFAULT_STRONG_ACR, strongAmr: DEFAULT_STRONG_AMR };
const identity = (acr: string | undefined, amr: string[] = []) => ({ issuer: 'https://idp', subject: 's', rpps: RPPS, acr, amr });

describe('the RPPS number in a provider claim', () => {
  it("reads Pro Santé Connect's IdNat_PS and a bare RPPS number", () => {
    expect(rppsOfClaim(idNatPs(RPPS))).toBe(RPPS);
    expect(rppsOfClaim(RPPS)).toBe(RPPS);
  });

  it('reads nothing from a wrong key, an ADELI-based IdNat_PS, spaces or another type', () => {
    const wrongKey = RPPS.slice(0, 10) + String((Number(RPPS[10]) + 1) % 10);
    for (const value of [wrongKey, idNatPs(wrongKey), `0${RPPS}`, `${RPPS.slice(0, 5)} ${RPPS.slice(5)}`, Number(RPPS), undefined, [RPPS]]) {
      expect(rppsOfClaim(value), String(value)).toBeUndefined();
    }
  });

  it('takes acr and amr from the ID token only, the RPPS claim from UserInfo when the ID token lacks it', () => {
    const read = identityOf({ iss: 'https://idp', sub: 's' }, { SubjectNameID: idNatPs(RPPS), acr: 'eidas3', amr: ['mfa'] }, 'SubjectNameID');
    expect(read).toEqual({ issuer: 'https://idp', subject: 's', rpps: RPPS, acr: undefined, amr: [] });
    expect(identityOf({ iss: 'i', sub: 's', preferred_username: RPPS, amr: ['hwk', 3] }, undefined, 'preferred_username')).toMatchObject({
      rpps: RPPS,
      amr: ['hwk'],
    });
  });
});

describe('whether the provider verified two factors', () => {
  it('trusts a strong acr level or a strong amr method', () => {
    expect(providerVerifiedTwoFactors(identity('eidas2'), strong)).toBe(true);
    expect(providerVerifiedTwoFactors(identity('eidas3'), strong)).toBe(true);
    expect(providerVerifiedTwoFactors(identity('eidas1', ['pwd', 'mfa']), strong)).toBe(true);
    expect(providerVerifiedTwoFactors(identity(undefined, ['hwk']), strong)).toBe(true);
  });

  it('does not trust a weak level, single-factor methods, or nothing said', () => {
    expect(providerVerifiedTwoFactors(identity('eidas1'), strong)).toBe(false);
    expect(providerVerifiedTwoFactors(identity('EIDAS2'), strong)).toBe(false);
    expect(providerVerifiedTwoFactors(identity(undefined, ['pwd', 'otp', 'swk']), strong)).toBe(false);
    expect(providerVerifiedTwoFactors(identity(undefined), strong)).toBe(false);
  });
});
