import { describe, expect, it } from 'vitest';
import { makeRpps } from '../../domain/rpps.ts';
import type { Role } from '../../domain/roles.ts';
import { DEFAULT_STRONG_ACR, DEFAULT_STRONG_AMR } from './config.ts';
import { decideSsoSignIn } from './decision.ts';

const config = { rppsClaim: 'SubjectNameID', strongAcr: DEFAULT_STRONG_ACR, strongAmr: DEFAULT_STRONG_AMR };
const signedIn = (acr: string) => ({ issuer: 'https://idp', subject: 's', rpps: makeRpps(42) as string | undefined, acr, amr: [] });
const account = (role: Role, status: 'active' | 'suspended' | 'contained' = 'active') => ({ id: role, role, status });

describe('what a single sign-on gives', () => {
  it('a session to an active clinician when the provider verified two factors, a ticket when it verified one', () => {
    expect(decideSsoSignIn(signedIn('eidas2'), [account('nurse')], config)).toMatchObject({ kind: 'session', account: { role: 'nurse' } });
    expect(decideSsoSignIn(signedIn('eidas1'), [account('nurse')], config)).toMatchObject({ kind: 'ticket', reason: expect.stringContaining('single factor') });
  });

  it('a ticket, never a session, to every privileged role', () => {
    for (const role of ['dpo', 'dim', 'security_officer', 'user_admin', 'sysadmin'] as const) {
      expect(decideSsoSignIn(signedIn('eidas3'), [account(role)], config), role).toMatchObject({
        kind: 'ticket',
        reason: expect.stringContaining('privileged'),
      });
    }
  });

  it('nothing without an RPPS number, an account, exactly one account, or an active one', () => {
    expect(decideSsoSignIn({ ...signedIn('eidas3'), rpps: undefined }, [account('doctor')], config)).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('SubjectNameID'),
    });
    expect(decideSsoSignIn(signedIn('eidas3'), [], config)).toMatchObject({ kind: 'refused', reason: 'no account linked to this RPPS number' });
    expect(decideSsoSignIn(signedIn('eidas3'), [account('doctor'), account('lab')], config)).toMatchObject({ kind: 'refused', account: undefined });
    expect(decideSsoSignIn(signedIn('eidas3'), [account('doctor', 'suspended')], config)).toMatchObject({ kind: 'refused', reason: 'account suspended' });
    expect(decideSsoSignIn(signedIn('eidas3'), [account('doctor', 'contained')], config)).toMatchObject({ kind: 'refused', reason: 'account contained' });
  });
});
