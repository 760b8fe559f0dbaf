import type { Answer } from '../api/answers.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useLoad } from '../ui/load.ts';
import { LoadState, Notice, Section } from '../ui/parts.tsx';

/** The breach cases and their 72-hour clock (GDPR art. 33): the hours left to notify the CNIL. */
export function BreachCases() {
  const { t, date } = useI18n();
  const { send } = useSession();
  const cases = useLoad(() => send<Answer<'/api/security/breaches', 'get'>>('GET', '/api/security/breaches'), [send]);
  return (
    <Section title={t('console.breaches')}>
      <LoadState loaded={cases}>
        {({ breaches }) =>
          breaches.length === 0 ? (
            <p>{t('app.none')}</p>
          ) : (
            <ul className="contained">
              {breaches.map((breach) => {
                const hours = Math.floor((new Date(breach.notifyBy).getTime() - Date.now()) / 3_600_000);
                return (
                  <li key={breach.id}>
                    <Notice kind={breach.status === 'open' && hours < 24 ? 'error' : 'warning'}>
                      <strong>{breach.status === 'open' ? (hours >= 0 ? t('console.breachClock', { hours }) : t('console.breachLate')) : breach.status}</strong>{' '}
                      — {t('console.breachDeadline', { date: date(breach.notifyBy, true) })}
                      <br />
                      {t('console.breachCounts', { rows: breach.sampleRows, matched: breach.rowsMatched, patients: breach.patients })}{' '}
                      {breach.source
                        ? t('console.breachSource', { source: breach.source.exportId ? `export ${breach.source.exportId}` : (breach.source.username ?? '?') })
                        : t('console.breachNoSource')}
                    </Notice>
                  </li>
                );
              })}
            </ul>
          )
        }
      </LoadState>
    </Section>
  );
}
