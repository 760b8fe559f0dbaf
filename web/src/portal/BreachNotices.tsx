import type { Answer } from '../api/answers.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { useLoad } from '../ui/load.ts';
import { LoadState, Notice, Section } from '../ui/parts.tsx';

/** The breaches that concern the patient (GDPR art. 34), in plain words: when, what of theirs, what to do. */
export function BreachNotices() {
  const { t, date } = useI18n();
  const { send } = useSession();
  const notices = useLoad(() => send<Answer<'/api/portal/breaches', 'get'>>('GET', '/api/portal/breaches'), [send]);
  return (
    <Section title={t('portal.breaches')}>
      <LoadState loaded={notices}>
        {({ breaches }) =>
          breaches.length === 0 ? (
            <p>{t('portal.noBreach')}</p>
          ) : (
            <>
              {breaches.map((breach) => (
                <Notice kind="warning" key={breach.caseId}>
                  <strong>{t('portal.breachOn', { date: date(breach.awareAt) })}</strong>
                  <br />
                  {t('portal.breachData')} {breach.categories.map((category) => t(`category.${category}` as MessageKey)).join(', ')}.
                </Notice>
              ))}
              <p>{t('portal.breachAdvice')}</p>
            </>
          )
        }
      </LoadState>
    </Section>
  );
}
