import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useLoad } from '../ui/load.ts';
import { errorText, LoadState, Notice, Section, TextArea } from '../ui/parts.tsx';
import { AccessTable, type AccessRecord } from './AccessTable.tsx';
import { BreachNotices } from './BreachNotices.tsx';

/**
 * The patient portal: who opened my record, when and why (the ledger, as the patient's
 * right of access), the report of an access I do not recognise, and the breaches that
 * concern me.
 */
export function PortalPage() {
  const { t } = useI18n();
  const { send } = useSession();
  const record = useLoad(() => send<{ id: string; family: string | null; given: string[] }>('GET', '/api/portal/record'), [send]);
  const accesses = useLoad(() => send<{ accesses: AccessRecord[] }>('GET', '/api/portal/accesses'), [send]);
  const [reporting, setReporting] = useState<string | undefined>();
  const [reported, setReported] = useState<Set<string>>(new Set());
  return (
    <main id="main">
      <h1>{t('portal.title')}</h1>
      <LoadState loaded={record}>
        {(me) => (
          <>
            <p className="lead">{t('portal.hello', { name: [...me.given, me.family].filter(Boolean).join(' ') })}</p>
            <p className="hint">{t('portal.id', { id: me.id })}</p>
          </>
        )}
      </LoadState>
      <BreachNotices />
      <Section title={t('portal.accesses')}>
        <p>{t('portal.accessesText')}</p>
        <LoadState loaded={accesses}>
          {({ accesses: list }) => (
            <AccessTable
              accesses={list}
              act={(access) =>
                reported.has(access.entry) ? (
                  <Notice kind="success">{t('portal.reported')}</Notice>
                ) : reporting === access.entry ? (
                  <ReportForm entry={access.entry} onDone={() => setReported(new Set([...reported, access.entry]))} onCancel={() => setReporting(undefined)} />
                ) : (
                  <button className="secondary" onClick={() => setReporting(access.entry)}>
                    {t('portal.report')}
                  </button>
                )
              }
            />
          )}
        </LoadState>
      </Section>
    </main>
  );
}

function ReportForm({ entry, onDone, onCancel }: { entry: string; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const { send } = useSession();
  const [error, setError] = useState<string | undefined>();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const comment = String(new FormData(event.currentTarget).get('comment') ?? '');
    try {
      await send('POST', '/api/portal/reports', { entry, ...(comment.trim() ? { comment } : {}) });
      onDone();
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  return (
    <form onSubmit={(event) => void onSubmit(event)}>
      {error && <Notice kind="error">{error}</Notice>}
      <TextArea label={t('portal.reportComment')} name="comment" maxLength={1000} rows={2} autoFocus />
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          {t('app.cancel')}
        </button>
        <button type="submit">{t('portal.reportSend')}</button>
      </div>
    </form>
  );
}
