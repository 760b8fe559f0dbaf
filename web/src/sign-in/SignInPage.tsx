import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState, type FormEvent } from 'react';
import type { Answer, Schema } from '../api/answers.ts';
import { ApiError, call, type Me } from '../app/api.ts';
import { href } from '../app/route.ts';
import { useSessionState } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Field, Notice } from '../ui/parts.tsx';

/** A session, with the recovery codes shown once when the first passkey was enrolled. */
type Grant = Schema<'SessionGrant'> & Partial<Pick<Answer<'/api/auth/webauthn/register/verify', 'post'>, 'recoveryCodes'>>;
type Step =
  | { kind: 'password' }
  | { kind: 'totp'; ticket: string; passkeyInstead: boolean }
  | { kind: 'passkey'; ticket: string }
  | { kind: 'enrol'; ticket: string }
  | { kind: 'recovery'; ticket: string }
  | { kind: 'codes'; grant: Grant }
  | { kind: 'locked'; minutes: number };

/**
 * Sign-in: a password buys a ticket; the ticket and a second factor open the session —
 * a TOTP code, or a passkey tap where the account has one; privileged roles give both,
 * and enrol their first passkey here. Every refusal reads the same (no enumeration).
 */
export function SignInPage() {
  const { t } = useI18n();
  const { signIn, ending } = useSessionState();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState(false);

  useEffect(() => {
    call<{ sso: boolean }>('GET', '/api/auth/methods').then(
      (methods) => setSso(methods.sso),
      () => undefined,
    );
    // Back from the identity provider: claim the sign-in's result (src/api/sso-handoff.ts).
    if (location.hash === '#/sso') {
      location.hash = '';
      void act(async () => after(await call<Grant | { ticket: string; mfa: string[] }>('POST', '/api/auth/sso/handoff')));
    }
  }, []);

  const finish = async (grant: Grant) => {
    const me = await call<Me>('GET', '/api/me', { token: grant.token });
    signIn({ token: grant.token, expiresAt: grant.expiresAt, me });
  };

  /** Where an answer of the login API leads. */
  const after = async (answer: Grant | { ticket: string; mfa: string[] } | { next: 'webauthn' | 'webauthn-enrol' }, ticket?: string) => {
    if ('token' in answer) return answer.recoveryCodes ? setStep({ kind: 'codes', grant: answer }) : finish(answer);
    if ('next' in answer) return setStep(answer.next === 'webauthn' ? { kind: 'passkey', ticket: ticket! } : { kind: 'enrol', ticket: ticket! });
    setStep({ kind: 'totp', ticket: answer.ticket, passkeyInstead: answer.mfa.includes('webauthn-instead') });
  };

  const act = async (work: () => Promise<unknown>, failure: string = t('signIn.failed')) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 429 && caught.code === 'throttled') {
        setStep({ kind: 'locked', minutes: Math.max(1, Math.ceil((caught.retryAfter ?? 60) / 60)) });
      } else {
        setError(caught instanceof ApiError || (caught instanceof Error && caught.name === 'NotAllowedError') ? failure : String(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const onPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(async () => after(await call('POST', '/api/auth/login', { body: { username: form.get('username'), password: form.get('password') } })));
  };
  const onTotp = (event: FormEvent<HTMLFormElement>, ticket: string) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).replace(/\s/g, '');
    void act(async () => after(await call('POST', '/api/auth/totp', { body: { ticket, code } }), ticket));
  };
  const onRecovery = (event: FormEvent<HTMLFormElement>, ticket: string) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).trim();
    void act(async () => finish(await call<Grant>('POST', '/api/auth/recovery-code', { body: { ticket, code } })));
  };
  const passkey = (ticket: string) =>
    act(async () => {
      const optionsJSON = await call<Parameters<typeof startAuthentication>[0]['optionsJSON']>('POST', '/api/auth/webauthn/options', { body: { ticket } });
      const response = await startAuthentication({ optionsJSON });
      await finish(await call<Grant>('POST', '/api/auth/webauthn/verify', { body: { ticket, response } }));
    }, t('signIn.passkeyFailed'));
  // The first passkey takes the activation code from the letter: a password and a TOTP code alone never enrol one.
  const onEnrol = (event: FormEvent<HTMLFormElement>, ticket: string) => {
    event.preventDefault();
    const activationCode = String(new FormData(event.currentTarget).get('activationCode')).trim();
    void act(async () => {
      const optionsJSON = await call<Parameters<typeof startRegistration>[0]['optionsJSON']>('POST', '/api/auth/webauthn/register/options', {
        body: { ticket, activationCode },
      });
      const response = await startRegistration({ optionsJSON });
      await after(await call<Grant>('POST', '/api/auth/webauthn/register/verify', { body: { ticket, activationCode, response } }));
    }, t('signIn.enrolFailed'));
  };

  return (
    <main id="main" className="sign-in">
      <h1>{t('signIn.title')}</h1>
      {ending === 'expired' && step.kind === 'password' && <Notice kind="warning">{t('signIn.expired')}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {step.kind === 'password' && (
        <>
          <form onSubmit={onPassword} aria-busy={busy}>
            <Field label={t('signIn.username')} name="username" autoComplete="username" required autoFocus />
            <Field label={t('signIn.password')} name="password" type="password" autoComplete="current-password" required />
            <button type="submit" disabled={busy}>
              {t('signIn.submit')}
            </button>
          </form>
          <p>
            <a href={href('activate')}>{t('activate.link')}</a>
          </p>
          {sso && (
            <p>
              <a className="button secondary" href="/api/auth/sso/start">
                {t('signIn.sso')}
              </a>
            </p>
          )}
        </>
      )}
      {step.kind === 'totp' && (
        <>
          <form onSubmit={(event) => onTotp(event, step.ticket)} aria-busy={busy}>
            <Field label={t('signIn.totp')} name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required autoFocus />
            <button type="submit" disabled={busy}>
              {t('signIn.totpSubmit')}
            </button>
          </form>
          {step.passkeyInstead && (
            <button className="secondary" onClick={() => void passkey(step.ticket)} disabled={busy}>
              {t('signIn.passkeyInstead')}
            </button>
          )}
          <button className="link" onClick={() => setStep({ kind: 'recovery', ticket: step.ticket })}>
            {t('signIn.recoveryCode')}
          </button>
        </>
      )}
      {step.kind === 'passkey' && (
        <>
          <p>{t('signIn.passkey')}</p>
          <button onClick={() => void passkey(step.ticket)} disabled={busy} autoFocus>
            {t('signIn.passkeyButton')}
          </button>
          <button className="link" onClick={() => setStep({ kind: 'recovery', ticket: step.ticket })}>
            {t('signIn.recoveryCode')}
          </button>
        </>
      )}
      {step.kind === 'enrol' && (
        <form onSubmit={(event) => onEnrol(event, step.ticket)} aria-busy={busy}>
          <p>{t('signIn.enrol')}</p>
          <Field label={t('signIn.activationCode')} name="activationCode" autoComplete="off" required autoFocus />
          <button type="submit" disabled={busy}>
            {t('signIn.enrolButton')}
          </button>
        </form>
      )}
      {step.kind === 'recovery' && (
        <form onSubmit={(event) => onRecovery(event, step.ticket)} aria-busy={busy}>
          <Field label={t('signIn.recoveryCode')} name="code" autoComplete="off" required autoFocus />
          <button type="submit" disabled={busy}>
            {t('signIn.totpSubmit')}
          </button>
        </form>
      )}
      {step.kind === 'codes' && (
        <>
          <p>{t('signIn.recoveryCodes')}</p>
          <ul className="codes" aria-label={t('signIn.recoveryCode')}>
            {step.grant.recoveryCodes!.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <button onClick={() => void act(() => finish(step.grant))} autoFocus>
            {t('signIn.recoveryDone')}
          </button>
        </>
      )}
      {step.kind === 'locked' && (
        <>
          <h2>{t('signIn.locked')}</h2>
          <Notice kind="warning">{t('signIn.lockedText', { minutes: step.minutes })}</Notice>
          <button onClick={() => setStep({ kind: 'password' })}>{t('app.retry')}</button>
        </>
      )}
    </main>
  );
}
