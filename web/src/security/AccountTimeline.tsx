import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useLoad } from '../ui/load.ts';
import { LoadState, Section } from '../ui/parts.tsx';

/** What one account did, newest first, from the ledger (FHIR AuditEvent, agent = the account). */
export function AccountTimeline({ accountId, username }: { accountId: string; username: string }) {
  const { t, date } = useI18n();
  const { send } = useSession();
  const loaded = useLoad(() => send<fhir4.Bundle>('GET', `/fhir/AuditEvent?agent=${encodeURIComponent(accountId)}&_count=100`), [send, accountId]);
  return (
    <Section title={t('console.timelineOf', { user: username })}>
      <LoadState loaded={loaded}>
        {(bundle) => (
          <table className="timeline">
            <tbody>
              {(bundle.entry ?? []).map((entry) => {
                const event = entry.resource as fhir4.AuditEvent;
                const refused = event.outcome !== '0';
                return (
                  <tr key={event.id} className={refused ? 'refused' : undefined}>
                    <th scope="row">{date(event.recorded, true)}</th>
                    <td>{event.subtype?.[0]?.code}</td>
                    <td>{refused ? '✗' : '✓'}</td>
                    <td>{event.outcomeDesc}</td>
                    <td>{event.entity?.[0]?.what?.reference?.replace(/^Patient\//, '… ').slice(0, 14)}</td>
                    <td>{event.agent[0]?.network?.address}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </LoadState>
    </Section>
  );
}
