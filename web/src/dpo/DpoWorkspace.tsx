import { useState, type FormEvent } from 'react';
import type { Answer } from '../api/answers.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { AccessTable, type AccessRecord } from '../portal/AccessTable.tsx';
import { useLoad } from '../ui/load.ts';
import { errorText, Field, LoadState, Notice, Section } from '../ui/parts.tsx';
import { ExportDecision, ExportHistory, type ExportView } from './ExportRequests.tsx';

type RightsReview = Answer<'/api/admin/review', 'get'>;

/** The data protection officer's workspace (the medical information doctor's too, for exports). */
export function DpoWorkspace() {
  const { t } = useI18n();
  const { send, me } = useSession();
  const exports = useLoad(() => send<{ exports: ExportView[] }>('GET', '/api/exports'), [send]);
  return (
    <main id="main">
      <h1>{t('dpo.title')}</h1>
      <LoadState loaded={exports}>
        {({ exports: list }) => {
          const waiting = list.filter((item) => item.status === 'awaiting-approval');
          return (
            <>
              <Section title={t('dpo.requests')}>
                {waiting.length === 0 ? (
                  <p>{t('dpo.noRequests')}</p>
                ) : (
                  waiting.map((item) => <ExportDecision key={item.id} request={item} onDecided={exports.reload} />)
                )}
              </Section>
              <ExportHistory exports={list.filter((item) => item.status !== 'awaiting-approval')} />
            </>
          );
        }}
      </LoadState>
      {me.role === 'dpo' && (
        <>
          <AuditByPatient />
          <Rights />
        </>
      )}
    </main>
  );
}

function AuditByPatient() {
  const { t } = useI18n();
  const { send } = useSession();
  const [found, setFound] = useState<AccessRecord[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const onSearch = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get('patient')).trim();
    setError(undefined);
    try {
      setFound((await send<{ accesses: AccessRecord[] }>('GET', `/api/patients/${encodeURIComponent(id)}/access-history`)).accesses);
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  return (
    <Section title={t('dpo.audit')}>
      <p className="hint">{t('dpo.auditText')}</p>
      <form onSubmit={(event) => void onSearch(event)} className="inline-form" role="search">
        <Field label={t('dpo.patientId')} name="patient" required pattern="[0-9a-fA-F-]{36}" autoComplete="off" />
        <button type="submit">{t('dpo.search')}</button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {found && <AccessTable accesses={found} />}
    </Section>
  );
}

function Rights() {
  const { t, date } = useI18n();
  const { send } = useSession();
  const review = useLoad(() => send<RightsReview>('GET', '/api/admin/review'), [send]);
  return (
    <Section title={t('dpo.rights')}>
      <LoadState loaded={review}>
        {(data) => (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('signIn.username')}</th>
                <th scope="col">{t('dpo.role')}</th>
                <th scope="col">{t('dpo.place')}</th>
                <th scope="col">{t('dpo.lastSignIn')}</th>
                <th scope="col">{t('dpo.relationships')}</th>
                <th scope="col">{t('dpo.breakGlass90')}</th>
                <th scope="col">{t('dpo.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.establishments.flatMap((establishment) =>
                establishment.accounts.map((account) => (
                  <tr key={account.id} className={account.dormant ? 'emphasis' : undefined}>
                    <th scope="row">{account.username}</th>
                    <td>{t(`role.${account.role}` as MessageKey)}</td>
                    <td>{[establishment.name, account.unitName].filter(Boolean).join(' · ')}</td>
                    <td>{date(account.lastLoginAt, true)}</td>
                    <td>{account.currentCareRelationships}</td>
                    <td>{account.breakGlassLast90Days}</td>
                    <td>
                      {account.status}
                      {account.dormant ? ` · ${t('dpo.dormant')}` : ''}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </LoadState>
    </Section>
  );
}
