import { useState } from 'react';
import { allEntries, ApiError } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useLoad } from '../ui/load.ts';
import { LoadState, Notice, Section } from '../ui/parts.tsx';
import { AccessBasis } from './AccessBasis.tsx';
import { BreakGlassDialog } from './BreakGlassDialog.tsx';
import { Allergies, Coverages, History, Notes, Prescriptions, Results, Stays } from './chart/ChartSections.tsx';
import { ChartEditing } from './chart/ChartEditing.tsx';
import { IdentityCard } from './chart/IdentityCard.tsx';
import { basisOf } from './fhir-text.ts';

export interface Chart {
  patient: fhir4.Patient;
  basis: { kind: string; reason: string } | undefined;
  of<T extends fhir4.Resource>(type: T['resourceType']): T[];
  milliseconds: number;
}

const BREAK_GLASS_ROLES = ['doctor', 'nurse'];

/**
 * A patient's chart: Patient/$everything through the gate, every page of it; the gate
 * decides what the reader's role may see and records the opening with its reason.
 */
export function ChartPage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const { send, me } = useSession();
  const [breakGlass, setBreakGlass] = useState(false);
  const loaded = useLoad(async (): Promise<Chart> => {
    const started = performance.now();
    const bundles = await allEntries((path) => send<fhir4.Bundle>('GET', path), `/fhir/Patient/${encodeURIComponent(patientId)}/$everything?_count=1000`);
    const resources = bundles.map((entry) => entry.resource!);
    const patientEntry = bundles.find((entry) => entry.resource?.resourceType === 'Patient');
    return {
      patient: patientEntry!.resource as fhir4.Patient,
      basis: basisOf(patientEntry),
      of: <T extends fhir4.Resource>(type: T['resourceType']) => resources.filter((resource) => resource.resourceType === type) as T[],
      milliseconds: Math.round(performance.now() - started),
    };
  }, [send, patientId]);

  // A record the reader may not open is answered as one that does not exist (404, the same for both: no oracle); a role's refusal is a 403.
  const refused =
    loaded.error instanceof ApiError &&
    ((loaded.error.status === 404 && loaded.error.code === 'not-found') || (loaded.error.status === 403 && loaded.error.code === 'forbidden'));
  return (
    <main id="main">
      <p>
        <a href="#/">{t('chart.back')}</a>
      </p>
      {refused ? (
        <>
          <h1>{t('chart.refused')}</h1>
          <Notice kind="warning">
            <strong>{t('chart.noRelationship')}</strong>
            <br />
            {BREAK_GLASS_ROLES.includes(me.role) ? t('chart.noRelationshipText') : loaded.error!.message}
          </Notice>
          {BREAK_GLASS_ROLES.includes(me.role) && (
            <>
              <button className="danger" onClick={() => setBreakGlass(true)}>
                {t('breakGlass.open')}
              </button>
              <BreakGlassDialog
                patientId={patientId}
                open={breakGlass}
                onClose={() => setBreakGlass(false)}
                onOpened={() => {
                  setBreakGlass(false);
                  loaded.reload();
                }}
              />
            </>
          )}
        </>
      ) : (
        <LoadState loaded={loaded}>
          {(chart) => (
            <>
              <IdentityCard patient={chart.patient} />
              <Section title={t('chart.access')}>
                <p>
                  <AccessBasis basis={chart.basis} />
                </p>
                <p className="hint">{t('chart.loadedIn', { ms: chart.milliseconds })}</p>
              </Section>
              <div className="chart-grid">
                <Allergies allergies={chart.of<fhir4.AllergyIntolerance>('AllergyIntolerance')} />
                <Stays encounters={chart.of<fhir4.Encounter>('Encounter')} />
                <History conditions={chart.of<fhir4.Condition>('Condition')} />
                <Prescriptions requests={chart.of<fhir4.MedicationRequest>('MedicationRequest')} />
                <Results observations={chart.of<fhir4.Observation>('Observation')} />
                <Notes documents={chart.of<fhir4.DocumentReference>('DocumentReference')} />
                <Coverages coverages={chart.of<fhir4.Coverage>('Coverage')} />
              </div>
              <ChartEditing patientId={patientId} onSaved={loaded.reload} />
            </>
          )}
        </LoadState>
      )}
    </main>
  );
}
