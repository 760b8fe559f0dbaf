import { useEffect, useState, type FormEvent } from 'react';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { useLoad } from '../ui/load.ts';
import { errorText, Field, LoadState, Notice, Section } from '../ui/parts.tsx';
import { AccountTimeline } from './AccountTimeline.tsx';
import { BreachCases } from './BreachCases.tsx';
import { BreakGlassReview } from './BreakGlassReview.tsx';
import { HourChart } from './HourChart.tsx';
import { LedgerPanel } from './LedgerPanel.tsx';
import type { Schema } from '../api/answers.ts';

type AlertView = Schema<'Alert'>;
type HourFigure = Schema<'HourFigure'>;

/**
 * The security officer's one screen: what the guard saw (alerts with their sentence and
 * evidence), who it contained and reinstating them, honey-record touches, an account's
 * timeline, the day's disclosures by role, and the ledger's own state. It refreshes
 * its alerts every 30 seconds and its hourly chart every 5 minutes: each reading is a
 * ledger entry, and an hour's figures do not move by the second.
 */
export function SecurityConsole() {
  const { t } = useI18n();
  const { send } = useSession();
  const [alertsTick, setAlertsTick] = useState(0);
  const [hoursTick, setHoursTick] = useState(0);
  const alerts = useLoad(() => send<{ alerts: AlertView[] }>('GET', '/api/security/alerts'), [send, alertsTick]);
  const hours = useLoad(() => send<{ hours: HourFigure[] }>('GET', '/api/security/disclosures?hours=24'), [send, hoursTick]);
  const honey = useLoad(() => send<{ honeyRecords: unknown[] }>('GET', '/api/security/honey-records'), [send]);
  const [timeline, setTimeline] = useState<{ accountId: string; username: string } | undefined>();
  useLive(30_000, () => setAlertsTick((n) => n + 1));
  useLive(300_000, () => setHoursTick((n) => n + 1));

  return (
    <main id="main">
      <h1>{t('console.title')}</h1>
      <LoadState loaded={alerts}>
        {({ alerts: list }) => (
          <>
            <Contained alerts={list} onDone={alerts.reload} />
            <Section title={t('console.alerts')}>
              {list.length === 0 ? (
                <p>{t('console.noAlerts')}</p>
              ) : (
                list.map((alert) => <AlertCard key={alert.id} alert={alert} onTimeline={setTimeline} onDone={alerts.reload} />)
              )}
            </Section>
            <Section title={t('console.honeyTouches')}>
              <p className="hint">
                {t('console.honeyText')} {honey.data ? `(${honey.data.honeyRecords.length})` : ''}
              </p>
              {list.filter((alert) => alert.detector === 'honey').length === 0 ? (
                <p>{t('app.none')}</p>
              ) : (
                <ul>
                  {list
                    .filter((alert) => alert.detector === 'honey')
                    .map((alert) => (
                      <li key={alert.id}>{alert.explanation}</li>
                    ))}
                </ul>
              )}
            </Section>
          </>
        )}
      </LoadState>
      {timeline && <AccountTimeline accountId={timeline.accountId} username={timeline.username} />}
      <BreachCases />
      <BreakGlassReview />
      <Section title={t('console.perHour')}>
        <LoadState loaded={hours}>{(data) => <HourChart figures={data.hours} />}</LoadState>
      </Section>
      <LedgerPanel />
    </main>
  );
}

/** Refreshes part of a live screen every `ms` while it is visible. */
function useLive(ms: number, refresh: () => void) {
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && refresh(), ms);
    return () => clearInterval(timer);
  }, []);
}

const DETECTORS = [
  'honey',
  'budget',
  'budget-soft',
  'probing',
  'token-elsewhere',
  'new-devices',
  'accounts-together',
  'volume',
  'hours',
  'export',
  'export-leak',
  'patient-report',
  'accounts-made',
  'passkey-enrolment',
  'break-glass',
];

function AlertCard({ alert, onTimeline, onDone }: { alert: AlertView; onTimeline(account: { accountId: string; username: string }): void; onDone(): void }) {
  const { t, date } = useI18n();
  const { send } = useSession();
  const [error, setError] = useState<string | undefined>();
  const acknowledge = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await send('POST', `/api/security/alerts/${alert.id}/acknowledge`, { note: new FormData(event.currentTarget).get('note') });
      onDone();
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  return (
    <article className={`alert alert-${alert.severity}`} aria-label={alert.explanation}>
      <h3>{DETECTORS.includes(alert.detector) ? t(`detector.${alert.detector}` as MessageKey) : alert.detector}</h3>
      <p className="alert-sentence">{alert.explanation}</p>
      <dl className="inline">
        <dt>{t('console.severity')}</dt>
        <dd>{alert.severity}</dd>
        <dt>{t('console.detector')}</dt>
        <dd>{alert.detector}</dd>
        <dt>{t('console.account')}</dt>
        <dd>
          {alert.username} ({t(`role.${alert.role ?? 'none'}` as MessageKey)}){alert.contained ? ' — ' + t('contained.title') : ''}
        </dd>
        <dt>{t('console.raisedAt')}</dt>
        <dd>{date(alert.raisedAt, true)}</dd>
      </dl>
      <details>
        <summary>{t('console.evidence')}</summary>
        <pre>{JSON.stringify(alert.evidence, null, 2)}</pre>
      </details>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="actions">
        {alert.accountId && (
          <button className="secondary" onClick={() => onTimeline({ accountId: alert.accountId!, username: alert.username ?? alert.accountId! })}>
            {t('console.timeline')}
          </button>
        )}
        {alert.accountStatus !== 'contained' && (
          <form onSubmit={(event) => void acknowledge(event)} className="inline-form">
            <Field label={t('console.note')} name="note" required minLength={3} maxLength={500} />
            <button type="submit">{t('console.acknowledge')}</button>
          </form>
        )}
      </div>
    </article>
  );
}

/** Contained accounts, one line each, with their reinstatement (a note and a fresh passkey, asked by the API). */
function Contained({ alerts, onDone }: { alerts: AlertView[]; onDone(): void }) {
  const { t } = useI18n();
  const { send } = useSession();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const accounts = [
    ...new Map(alerts.filter((alert) => alert.accountStatus === 'contained' && alert.accountId).map((alert) => [alert.accountId!, alert])).values(),
  ];
  const reinstate = async (event: FormEvent<HTMLFormElement>, alert: AlertView) => {
    event.preventDefault();
    try {
      await send('POST', `/api/security/accounts/${alert.accountId}/reinstate`, { note: new FormData(event.currentTarget).get('note') });
      setMessage({ kind: 'success', text: t('console.reinstated', { user: alert.username ?? '' }) });
      onDone();
    } catch (caught) {
      setMessage({ kind: 'error', text: errorText(caught) });
    }
  };
  return (
    <Section title={t('console.contained')}>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {accounts.length === 0 ? (
        <p>{t('console.noContained')}</p>
      ) : (
        <ul className="contained">
          {accounts.map((alert) => (
            <li key={alert.accountId}>
              <strong>{alert.username}</strong> ({t(`role.${alert.role ?? 'none'}` as MessageKey)}) — {alert.explanation}
              <form onSubmit={(event) => void reinstate(event, alert)} className="inline-form" aria-label={`${t('console.reinstate')} ${alert.username}`}>
                <Field label={t('console.reinstateNote')} name="note" required minLength={3} maxLength={500} />
                <button type="submit">{t('console.reinstate')}</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
