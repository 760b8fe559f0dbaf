import { href } from '../app/route.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { AccessBasis } from './AccessBasis.tsx';
import { basisOf, nameOf } from './fhir-text.ts';

/** Patients as a list to open, each with the reason the reader may see them. */
export function PatientTable({ entries, caption }: { entries: fhir4.BundleEntry[]; caption: string }) {
  const { t, date } = useI18n();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('patients.name')}</th>
          <th scope="col">{t('patients.birthDate')}</th>
          <th scope="col">{t('patients.sex')}</th>
          <th scope="col">{t('chart.access')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const patient = entry.resource as fhir4.Patient;
          return (
            <tr key={patient.id}>
              <th scope="row">
                <a href={href('patients', patient.id!)} aria-label={`${t('patients.open')} : ${nameOf(patient)}`}>
                  {nameOf(patient)}
                </a>
              </th>
              <td>{date(patient.birthDate)}</td>
              <td>{patient.gender === 'female' ? 'F' : patient.gender === 'male' ? 'M' : '—'}</td>
              <td>
                <AccessBasis basis={basisOf(entry)} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
