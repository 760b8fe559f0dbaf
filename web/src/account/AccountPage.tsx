import { startRegistration } from '@simplewebauthn/browser';
import { useState } from 'react';
import type { Answer } from '../api/answers.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useLoad } from '../ui/load.ts';
import { errorText, LoadState, Notice, Section } from '../ui/parts.tsx';

/** My passkeys (add, remove) and my account's security events: the safe path made one click away. */
export function AccountPage() {
  const { t, date } = useI18n();
  const { send } = useSession();
  const passkeys = useLoad(() => send<Answer<'/api/me/passkeys', 'get'>>('GET', '/api/me/passkeys'), [send]);
  const notices = useLoad(() => send<Answer<'/api/me/notices', 'get'>>('GET', '/api/me/notices'), [send]);
  const [codes, setCodes] = useState<string[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const add = async () => {
    setError(undefined);
    try {
      const optionsJSON = await send<Parameters<typeof startRegistration>[0]['optionsJSON']>('POST', '/api/me/passkeys/options');
      const response = await startRegistration({ optionsJSON });
      const added = await send<{ recoveryCodes?: string[] }>('POST', '/api/me/passkeys', { response });
      setCodes(added.recoveryCodes);
      passkeys.reload();
      notices.reload();
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  const remove = async (id: string) => {
    setError(undefined);
    try {
      await send('DELETE', `/api/me/passkeys/${id}`);
      passkeys.reload();
      notices.reload();
    } catch (caught) {
      setError(errorText(caught));
    }
  };

  return (
    <main id="main">
      <h1>{t('account.title')}</h1>
      <Section title={t('account.passkeys')}>
        <p>{t('account.passkeysText')}</p>
        {error && <Notice kind="error">{error}</Notice>}
        {codes && (
          <Notice kind="warning">
            {t('signIn.recoveryCodes')}
            <ul className="codes">
              {codes.map((code) => (
                <li key={code}>
                  <code>{code}</code>
                </li>
              ))}
            </ul>
          </Notice>
        )}
        <LoadState loaded={passkeys}>
          {({ passkeys: list }) => (
            <ul>
              {list.map((passkey) => (
                <li key={passkey.id}>
                  {t('account.added', { date: date(passkey.createdAt, true) })}
                  {passkey.lastUsedAt ? `, ${t('account.lastUsed', { date: date(passkey.lastUsedAt, true) })}` : ''}{' '}
                  <button className="link" onClick={() => void remove(passkey.id)}>
                    {t('account.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </LoadState>
        <button onClick={() => void add()}>{t('account.addPasskey')}</button>
      </Section>
      <Section title={t('account.notices')}>
        <LoadState loaded={notices}>
          {({ notices: list }) => (
            <ul>
              {list.map((notice) => (
                <li key={notice.id}>
                  {date(notice.createdAt, true)} — {notice.text}
                </li>
              ))}
            </ul>
          )}
        </LoadState>
      </Section>
    </main>
  );
}
