import { useState } from 'react';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useLoad } from '../ui/load.ts';
import { errorText, LoadState, Notice, Section } from '../ui/parts.tsx';
import type { Answer } from '../api/answers.ts';

type LedgerStatus = Answer<'/api/security/ledger', 'get'>;

/** The ledger's own state: its head, its last signed checkpoint, and a verification on demand. */
export function LedgerPanel() {
  const { t, date } = useI18n();
  const { send } = useSession();
  const loaded = useLoad(() => send<LedgerStatus>('GET', '/api/security/ledger'), [send]);
  const [verified, setVerified] = useState<LedgerStatus | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setVerified(await send<LedgerStatus>('POST', '/api/security/ledger/verify'));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('console.ledger')}>
      <LoadState loaded={loaded}>
        {(status) => {
          const shown = verified ?? status;
          const check = shown.lastVerification;
          return (
            <>
              <p>{t('console.ledgerHead', { head: shown.head })}</p>
              <p>
                {shown.lastCheckpoint
                  ? t('console.checkpoint', { size: shown.lastCheckpoint.treeSize, date: date(shown.lastCheckpoint.signedAt, true) })
                  : t('console.noCheckpoint')}
              </p>
              {check ? (
                <Notice kind={check.intact ? 'success' : 'error'}>
                  {check.intact
                    ? t('console.intact', { entries: check.entries, date: date(check.at, true) })
                    : t('console.broken', { problem: check.problem ?? '' })}
                </Notice>
              ) : (
                <p>{t('console.notVerified')}</p>
              )}
              {error && <Notice kind="error">{error}</Notice>}
              <button onClick={() => void verify()} disabled={busy} aria-busy={busy}>
                {t('console.verify')}
              </button>
            </>
          );
        }}
      </LoadState>
    </Section>
  );
}
