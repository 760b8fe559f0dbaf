import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useLoad } from '../ui/load.ts';
import { LoadState, Notice } from '../ui/parts.tsx';
import { PatientTable } from './PatientTable.tsx';

/** The patients of the reader's current care relationships: a search with no criteria (the gate's "linked" scope). */
export function MyPatients() {
  const { t } = useI18n();
  const { send } = useSession();
  const loaded = useLoad(() => send<fhir4.Bundle>('GET', '/fhir/Patient?_count=100'), [send]);
  return (
    <main id="main">
      <h1>{t('patients.title')}</h1>
      <p className="lead">{t('patients.why')}</p>
      <LoadState loaded={loaded}>
        {(bundle) => (bundle.entry?.length ? <PatientTable entries={bundle.entry} caption={t('patients.title')} /> : <Notice>{t('patients.empty')}</Notice>)}
      </LoadState>
    </main>
  );
}
