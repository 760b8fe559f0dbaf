import { describe, expect, it } from 'vitest';
import { ssoConfigFrom } from './config.ts';

const env = {
  VIGIE_OIDC_ISSUER: 'https://idp.example.fr/realms/sante',
  VIGIE_OIDC_CLIENT_ID: 'vigie',
  VIGIE_OIDC_CLIENT_SECRET: 'secret',
  VIGIE_OIDC_REDIRECT_URI: 'https://vigie.example.fr/api/auth/sso/callback',
};

describe('single sign-on configuration from the environment', () => {
  it('is off when nothing is set, and has defaults for the rest', () => {
    expect(ssoConfigFrom({})).toBeUndefined();
    expect(ssoConfigFrom(env)).toMatchObject({
      scope: 'openid',
      rppsClaim: 'SubjectNameID',
      strongAcr: ['eidas2', 'eidas3'],
      strongAmr: ['mfa', 'hwk'],
      acrValues: undefined,
    });
  });

  it('reads the claim name, levels and methods', () => {
    const config = ssoConfigFrom({
      ...env,
      VIGIE_OIDC_RPPS_CLAIM: 'preferred_username',
      VIGIE_OIDC_STRONG_ACR: 'eidas3',
      VIGIE_OIDC_STRONG_AMR: 'mfa ,hwk',
      VIGIE_OIDC_SCOPE: 'openid scope_all',
      VIGIE_OIDC_ACR_VALUES: 'eidas1',
    });
    expect(config).toMatchObject({
      rppsClaim: 'preferred_username',
      strongAcr: ['eidas3'],
      strongAmr: ['mfa', 'hwk'],
      scope: 'openid scope_all',
      acrValues: 'eidas1',
    });
  });

  it('refuses levels or methods that would count one factor as two', () => {
    expect(() => ssoConfigFrom({ ...env, VIGIE_OIDC_STRONG_ACR: 'eidas1,eidas2' })).toThrow(/VIGIE_OIDC_STRONG_ACR may only narrow eidas2, eidas3; not eidas1/);
    expect(() => ssoConfigFrom({ ...env, VIGIE_OIDC_STRONG_AMR: 'pwd' })).toThrow(/VIGIE_OIDC_STRONG_AMR may only narrow/);
  });

  it('refuses half a configuration, a non-URL, and plain http off the loopback interface', () => {
    expect(() => ssoConfigFrom({ VIGIE_OIDC_ISSUER: env.VIGIE_OIDC_ISSUER })).toThrow(
      /VIGIE_OIDC_CLIENT_ID, VIGIE_OIDC_CLIENT_SECRET, VIGIE_OIDC_REDIRECT_URI/,
    );
    expect(() => ssoConfigFrom({ ...env, VIGIE_OIDC_ISSUER: 'idp' })).toThrow(/not a URL/);
    expect(() => ssoConfigFrom({ ...env, VIGIE_OIDC_REDIRECT_URI: 'http://vigie.example.fr/cb' })).toThrow(/https/);
    expect(ssoConfigFrom({ ...env, VIGIE_OIDC_ISSUER: 'http://127.0.0.1:4000' })?.issuer.href).toBe('http://127.0.0.1:4000/');
  });
});
