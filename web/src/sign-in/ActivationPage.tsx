import { useEffect, useState, type FormEvent } from 'react';
import { renderSVG } from 'uqr';
import { ApiError, call } from '../app/api.ts';
import { href, useRoute } from '../app/route.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Field, Notice } from '../ui/parts.tsx';

type Step = { kind: 'code' } | { kind: 'credentials'; username: string; activationCode: string; totpUri: string } | { kind: 'done' };

/**
 * The owner's activation (src/identity/activation.ts): the code from the letter — typed,
 * or carried by its QR code in the URL's fragment, which no server sees and which is
 * wiped from the address bar at once — then their own authenticator and password.
 */
export function ActivationPage() {
  const { t } = useI18n();
  const [, given = '', carried = ''] = useRoute();
  const [step, setStep] = useState<Step>({ kind: 'code' });
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // The code must not stay in the address bar or the history.
  useEffect(() => {
    if (carried) history.replaceState(null, '', '#/activate');
  }, []);

  const act = async (work: () => Promise<void>, failure: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 400 ? caught.message : failure);
    } finally {
      setBusy(false);
    }
  };

  const onCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username')).trim();
    const activationCode = String(form.get('activationCode')).trim();
    void act(async () => {
      const { totpUri } = await call<{ totpUri: string }>('POST', '/api/auth/activation/start', { body: { username, activationCode } });
      setStep({ kind: 'credentials', username, activationCode, totpUri });
    }, t('activate.failed'));
  };
  const onCredentials = (event: FormEvent<HTMLFormElement>, from: Extract<Step, { kind: 'credentials' }>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get('password') !== form.get('again')) return setError(t('activate.mismatch'));
    const body = {
      username: from.username,
      activationCode: from.activationCode,
      password: form.get('password'),
      code: String(form.get('code')).replace(/\s/g, ''),
    };
    void act(async () => {
      await call('POST', '/api/auth/activation/finish', { body });
      setStep({ kind: 'done' });
    }, t('activate.failed'));
  };

  return (
    <main id="main" className="sign-in">
      <h1>{t('activate.title')}</h1>
      {error && <Notice kind="error">{error}</Notice>}
      {step.kind === 'code' && (
        <form onSubmit={onCode} aria-busy={busy}>
          <p>{t('activate.intro')}</p>
          <Field label={t('signIn.username')} name="username" autoComplete="username" defaultValue={given} required autoFocus={!given} />
          <Field label={t('activate.code')} name="activationCode" autoComplete="off" defaultValue={carried} required />
          <button type="submit" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      )}
      {step.kind === 'credentials' && (
        <form onSubmit={(event) => onCredentials(event, step)} aria-busy={busy}>
          <p>{t('activate.scan')}</p>
          <div className="qr" role="img" aria-label={t('activate.qr')} dangerouslySetInnerHTML={{ __html: renderSVG(step.totpUri, { border: 2 }) }} />
          <p>
            {t('activate.secret')} <code>{new URL(step.totpUri).searchParams.get('secret')}</code>
          </p>
          <Field label={t('signIn.totp')} name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required />
          <Field
            label={t('activate.password')}
            hint={t('activate.passwordHint')}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={12}
            maxLength={256}
            required
          />
          <Field label={t('activate.again')} name="again" type="password" autoComplete="new-password" required />
          <button type="submit" disabled={busy}>
            {t('activate.submit')}
          </button>
        </form>
      )}
      {step.kind === 'done' && (
        <>
          <Notice kind="success">{t('activate.done')}</Notice>
          <a className="button" href={href()}>
            {t('activate.signIn')}
          </a>
        </>
      )}
    </main>
  );
}
