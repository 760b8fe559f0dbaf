import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/fr.ts';
import { Section } from '../../ui/parts.tsx';
import { extensionValue, nameOf, nirOf } from '../fhir-text.ts';

/** Who the patient is: the identity block at the head of the chart. */
export function IdentityCard({ patient }: { patient: fhir4.Patient }) {
  const { t, date } = useI18n();
  const address = patient.address?.[0];
  const phone = patient.telecom?.find((telecom) => telecom.system === 'phone')?.value;
  const email = patient.telecom?.find((telecom) => telecom.system === 'email')?.value;
  const insStatus = extensionValue(patient, 'identity')?.valueCoding?.code ?? extensionValue(patient, 'identity')?.valueCodeableConcept?.coding?.[0]?.code;
  const rows: Array<[string, string | undefined]> = [
    [t('patients.birthDate'), date(patient.birthDate)],
    [t('patients.sex'), patient.gender && t(`sex.${patient.gender}` as MessageKey)],
    [t('chart.nir'), nirOf(patient)],
    [t('chart.ins'), insStatus],
    [t('chart.address'), address && [address.line?.join(' '), address.postalCode, address.city].filter(Boolean).join(', ')],
    [t('chart.phone'), [phone, email].filter(Boolean).join(' · ')],
    [t('chart.treatingDoctor'), patient.generalPractitioner?.[0]?.display],
  ];
  return (
    <>
      <h1>{nameOf(patient)}</h1>
      {patient.deceasedDateTime && <p className="deceased">{t('chart.deceased', { date: date(patient.deceasedDateTime) })}</p>}
      <Section title={t('chart.identity')}>
        <dl className="identity">
          {rows
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </Section>
    </>
  );
}
