import { useState, type FormEvent } from 'react';
import type { Schema } from '../api/answers.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { useLoad } from '../ui/load.ts';
import { errorText, Field, LoadState, Notice, Section } from '../ui/parts.tsx';

type BreakGlassEntry = Schema<'BreakGlassEntry'>;

/** Every break-glass awaits the security officer's review: justified, or not (with a note). */
export function BreakGlassReview() {
  const { t, date } = useI18n();
  const { send } = useSession();
  const entries = useLoad(() => send<{ entries: BreakGlassEntry[] }>('GET', '/api/security/break-glass'), [send]);
  const [error, setError] = useState<string | undefined>();
  const review = async (event: FormEvent<HTMLFormElement>, entry: BreakGlassEntry) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const note = String(new FormData(event.currentTarget).get('note') ?? '');
    try {
      await send('POST', `/api/security/break-glass/${entry.id}/review`, { outcome: submitter?.value, note });
      entries.reload();
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  return (
    <Section title={t('console.breakGlass')}>
      {error && <Notice kind="error">{error}</Notice>}
      <LoadState loaded={entries}>
        {({ entries: list }) =>
          list.length === 0 ? (
            <p>{t('app.none')}</p>
          ) : (
            <ul className="contained">
              {list.map((entry) => (
                <li key={entry.id}>
                  <strong>{entry.username}</strong> ({t(`role.${entry.role}` as MessageKey)}), {date(entry.openedAt, true)} —{' '}
                  {t(`breakGlass.reason.${entry.reason}` as MessageKey)} : « {entry.text} »
                  <form onSubmit={(event) => void review(event, entry)} className="inline-form" aria-label={`${t('console.review')} ${entry.username}`}>
                    <Field label={t('console.note')} name="note" maxLength={500} />
                    <button type="submit" value="justified">
                      {t('console.justified')}
                    </button>
                    <button type="submit" value="unjustified" className="danger">
                      {t('console.unjustified')}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Section>
  );
}
