import { useState, type FormEvent } from 'react';
import type { Schema } from '../api/answers.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { errorText, Field, Notice, Section, TextArea } from '../ui/parts.tsx';

/** An export as the API lists it (src/exports/view.ts). */
export type ExportView = Schema<'ExportView'>;

/** A request waiting for a second person: exactly what would leave, and the decision (a note, a fresh passkey). */
export function ExportDecision({ request, onDecided }: { request: ExportView; onDecided(): void }) {
  const { t, date } = useI18n();
  const { send } = useSession();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const decide = async (event: FormEvent<HTMLFormElement>, decision: 'approve' | 'refuse') => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = { note: form.get('note') };
    if (decision === 'approve' && !request.recipientKeyFingerprint) body.passphrase = form.get('passphrase');
    try {
      await send('POST', `/api/exports/${request.id}/${decision}`, body);
      setMessage({ kind: 'success', text: t('dpo.decided') });
      onDecided();
    } catch (caught) {
      setMessage({ kind: 'error', text: errorText(caught) });
    }
  };
  return (
    <article className="export-request" aria-label={`${t('dpo.purpose')} ${request.purpose}, ${request.requester.username}`}>
      <h3>
        {request.purpose} — {request.patients} {t('dpo.patients').toLowerCase()}
      </h3>
      <dl className="inline">
        <dt>{t('dpo.requester')}</dt>
        <dd>
          {request.requester.username} ({t(`role.${request.requester.role}` as MessageKey)}), {date(request.requestedAt, true)}
        </dd>
        <dt>{t('dpo.scope')}</dt>
        <dd>{request.scope.kind === 'establishment' ? t('dpo.scopeEstablishment') : t('dpo.scopePatients', { count: request.scope.ids.length })}</dd>
        <dt>{t('dpo.fields')}</dt>
        <dd>
          {t(request.fields === 'identified' ? 'dpo.fieldsIdentified' : 'dpo.fieldsPseudonymised')}
          {request.identifiedBecause ? ` — ${request.identifiedBecause}` : ''}
        </dd>
        <dt>{t('dpo.format')}</dt>
        <dd>{request.format}</dd>
        {request.ethicsReference && (
          <>
            <dt>{t('dpo.ethics')}</dt>
            <dd>{request.ethicsReference}</dd>
          </>
        )}
      </dl>
      <blockquote>{request.justification}</blockquote>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="decisions">
        <form onSubmit={(event) => void decide(event, 'approve')} aria-label={t('dpo.approve')}>
          <TextArea label={t('dpo.approveNote')} name="note" required minLength={3} maxLength={500} rows={2} />
          {!request.recipientKeyFingerprint && (
            <Field label={t('dpo.passphrase')} name="passphrase" type="password" required minLength={16} autoComplete="new-password" />
          )}
          <button type="submit">{t('dpo.approve')}</button>
        </form>
        <form onSubmit={(event) => void decide(event, 'refuse')} aria-label={t('dpo.refuse')}>
          <TextArea label={t('dpo.refuseReason')} name="note" required minLength={3} maxLength={500} rows={2} />
          <button type="submit" className="danger">
            {t('dpo.refuse')}
          </button>
        </form>
      </div>
    </article>
  );
}

export function ExportHistory({ exports }: { exports: ExportView[] }) {
  const { t, date } = useI18n();
  return (
    <Section title={t('dpo.history')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('portal.when')}</th>
            <th scope="col">{t('dpo.purpose')}</th>
            <th scope="col">{t('dpo.requester')}</th>
            <th scope="col">{t('dpo.patients')}</th>
            <th scope="col">{t('dpo.fields')}</th>
            <th scope="col">{t('dpo.status')}</th>
          </tr>
        </thead>
        <tbody>
          {exports.map((item) => (
            <tr key={item.id}>
              <th scope="row">{date(item.requestedAt, true)}</th>
              <td>{item.purpose}</td>
              <td>{item.requester.username}</td>
              <td>{item.patients}</td>
              <td>{item.fields}</td>
              <td>
                {item.status}
                {item.decision ? ` (${item.decision.by}: ${item.decision.note})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
