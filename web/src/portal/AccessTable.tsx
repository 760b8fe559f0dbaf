import type { ReactNode } from 'react';
import type { Schema } from '../api/answers.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';

/** One access to a record, from the ledger (src/ledger/access-history.ts). */
export type AccessRecord = Schema<'AccessRecord'>;

const PLAIN_WORDS = [
  'attending',
  'stay',
  'treating-doctor',
  'care-team',
  'referral',
  'lab-order',
  'establishment-stay',
  'establishment',
  'break-glass',
  'identity-lookup',
];

/** Who opened the record, when, where and why; `act` adds a cell per row (the patient's report). */
export function AccessTable({ accesses, act }: { accesses: AccessRecord[]; act?: (access: AccessRecord) => ReactNode }) {
  const { t, date } = useI18n();
  if (accesses.length === 0) return <p>{t('portal.noAccess')}</p>;
  return (
    <table className="accesses">
      <thead>
        <tr>
          <th scope="col">{t('portal.when')}</th>
          <th scope="col">{t('portal.who')}</th>
          <th scope="col">{t('portal.where')}</th>
          <th scope="col">{t('portal.what')}</th>
          <th scope="col">{t('portal.why')}</th>
          {act && (
            <th scope="col">
              <span className="visually-hidden">{t('portal.report')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {accesses.map((access) => (
          <tr key={access.entry} className={access.breakGlass ? 'emphasis' : undefined}>
            <th scope="row">{date(access.at, true)}</th>
            <td>
              {access.professional ?? '—'}
              {access.role ? ` (${t(`role.${access.role}` as MessageKey)})` : ''}
            </td>
            <td>{[access.establishment, access.unit].filter(Boolean).join(' · ')}</td>
            <td>{t(`action.${access.action}` as MessageKey)}</td>
            <td title={access.why}>
              {access.breakGlass ? <strong>{t('portal.breakGlass')} : </strong> : null}
              {access.basis && PLAIN_WORDS.includes(access.basis) ? t(`why.${access.basis}` as MessageKey) : access.why}
            </td>
            {act && <td>{act(access)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
