import { startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../app/api.ts';
import { useSession, useSessionState } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Dialog, errorText, Notice } from '../ui/parts.tsx';

/**
 * The guard's step-up (src/guard/limits.ts): past a soft line of the disclosure budget,
 * a fresh passkey assertion lets an honest user go on in one tap; a thief holding only
 * a password and a TOTP secret cannot give it. The request asked is then made again.
 */
export function StepUpDialog() {
  const { t } = useI18n();
  const { send } = useSession();
  const { stepUp } = useSessionState();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const answer = useRef<((confirmed: boolean) => void) | undefined>(undefined);

  useEffect(() => {
    stepUp.current = () =>
      new Promise<boolean>((resolve) => {
        answer.current = resolve;
        setError(undefined);
        setOpen(true);
      });
    return () => {
      stepUp.current = undefined;
    };
  }, [stepUp]);

  const close = (confirmed: boolean) => {
    setOpen(false);
    answer.current?.(confirmed);
    answer.current = undefined;
  };

  const confirm = async () => {
    try {
      const optionsJSON = await send<Parameters<typeof startAuthentication>[0]['optionsJSON']>('POST', '/api/me/step-up/options');
      const response = await startAuthentication({ optionsJSON });
      await send('POST', '/api/me/step-up/verify', { response });
      close(true);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 409 ? t('stepUp.noPasskey') : errorText(caught));
    }
  };

  return (
    <Dialog title={t('stepUp.title')} open={open} onClose={() => close(false)}>
      <p>{t('stepUp.text')}</p>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => close(false)}>
          {t('app.cancel')}
        </button>
        <button type="button" onClick={() => void confirm()} autoFocus>
          {t('stepUp.button')}
        </button>
      </div>
    </Dialog>
  );
}
