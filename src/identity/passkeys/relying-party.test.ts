import { describe, expect, it } from 'vitest';
import { relyingPartyFrom } from './relying-party.ts';

describe('the relying party from the environment', () => {
  it('defaults to localhost, reached at the loopback address or localhost on the port served', () => {
    expect(relyingPartyFrom({})).toEqual({ id: 'localhost', name: 'Vigie', origins: ['http://127.0.0.1:8080', 'http://localhost:8080'] });
    expect(relyingPartyFrom({}, 9000).origins).toEqual(['http://127.0.0.1:9000', 'http://localhost:9000']);
  });

  it('takes VIGIE_RP_ID and a list of origins in VIGIE_ORIGIN', () => {
    expect(relyingPartyFrom({ VIGIE_RP_ID: 'Vigie.Example.fr', VIGIE_ORIGIN: 'https://vigie.example.fr, https://dossiers.vigie.example.fr' })).toEqual({
      id: 'vigie.example.fr',
      name: 'Vigie',
      origins: ['https://vigie.example.fr', 'https://dossiers.vigie.example.fr'],
    });
  });

  it.each([
    [{ VIGIE_RP_ID: '10.0.0.1' }, /domain name/],
    [{ VIGIE_RP_ID: 'https://vigie.example.fr' }, /domain name/],
    [{ VIGIE_ORIGIN: 'vigie.example.fr' }, /VIGIE_ORIGIN/],
    [{ VIGIE_ORIGIN: 'https://vigie.example.fr/login' }, /VIGIE_ORIGIN/],
    [{ VIGIE_ORIGIN: 'ftp://vigie.example.fr' }, /VIGIE_ORIGIN/],
  ])('refuses %j', (env, message) => {
    expect(() => relyingPartyFrom(env)).toThrow(message);
  });
});
