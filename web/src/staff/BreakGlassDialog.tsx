import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { useLoad } from '../ui/load.ts';
import { Dialog, errorText, Notice, TextArea } from '../ui/parts.tsx';

/** Break-glass: a reason from the list and a sentence, then the chart opens for a few hours (src/gate/break-glass.ts). */
export function BreakGlassDialog({ patientId, open, onClose, onOpened }: { patientId: string; open: boolean; onClose(): void; onOpened(): void }) {
  const { t } = useI18n();
  const { send } = useSession();
  const reasons = useLoad(() => send<{ reasons: Array<{ code: string; label: string }>; hours: number }>('GET', '/api/break-glass/reasons'), [send]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await send('POST', '/api/break-glass', { patient: patientId, reason: form.get('reason'), text: form.get('text') });
      onOpened();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('breakGlass.title')} open={open} onClose={onClose}>
      <p>{t('breakGlass.intro', { hours: reasons.data?.hours ?? '…' })}</p>
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={onSubmit}>
        <fieldset>
          <legend>{t('breakGlass.reason')}</legend>
          {(reasons.data?.reasons ?? []).map((reason, i) => (
            <label key={reason.code} className="choice">
              <input type="radio" name="reason" value={reason.code} required defaultChecked={i === 0} />
              {t(`breakGlass.reason.${reason.code}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <TextArea label={t('breakGlass.text')} name="text" minLength={10} maxLength={500} required rows={3} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="danger" disabled={busy}>
            {t('breakGlass.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
