import { useI18n } from '../../i18n/i18n.tsx';
import { Section } from '../../ui/parts.tsx';
import { codeOf, conceptText, newestFirst, noteText, valueText } from '../fhir-text.ts';
import { Trend } from './Trend.tsx';

/** The parts of a chart, each a table of what the API returned, newest first. */
export function Stays({ encounters }: { encounters: fhir4.Encounter[] }) {
  const { t, date } = useI18n();
  return (
    <Section title={t('chart.stays')}>
      <List
        items={newestFirst(encounters, (e) => e.period?.start)}
        columns={[
          (e) => `${date(e.period?.start)} → ${e.period?.end ? date(e.period.end) : t('chart.inProgress')}`,
          (e) => e.class?.display ?? e.class?.code ?? '',
          (e) => e.serviceProvider?.display ?? '',
          (e) => e.reasonCode?.map(conceptText).join(', ') ?? '',
          (e) => e.participant?.[0]?.individual?.display ?? '',
        ]}
      />
    </Section>
  );
}

export function History({ conditions }: { conditions: fhir4.Condition[] }) {
  const { t, date } = useI18n();
  return (
    <Section title={t('chart.history')}>
      <List
        items={newestFirst(conditions, (c) => c.onsetDateTime ?? c.recordedDate)}
        columns={[
          (c) => date(c.onsetDateTime ?? c.recordedDate),
          (c) => conceptText(c.code),
          (c) => codeOf(c.code) ?? '',
          (c) => codeOf(c.clinicalStatus) ?? '',
        ]}
      />
    </Section>
  );
}

export function Allergies({ allergies }: { allergies: fhir4.AllergyIntolerance[] }) {
  const { t, date } = useI18n();
  return (
    <Section title={t('chart.allergies')}>
      <List
        items={newestFirst(allergies, (a) => a.recordedDate)}
        columns={[
          (a) => conceptText(a.code),
          (a) => a.type ?? '',
          (a) => a.reaction?.flatMap((r) => r.manifestation.map(conceptText)).join(', ') ?? '',
          (a) => a.criticality ?? '',
          (a) => date(a.recordedDate),
        ]}
        emphasis={(a) => a.criticality === 'high'}
      />
    </Section>
  );
}

export function Prescriptions({ requests }: { requests: fhir4.MedicationRequest[] }) {
  const { t, date } = useI18n();
  return (
    <Section title={t('chart.prescriptions')}>
      <List
        items={newestFirst(requests, (m) => m.authoredOn)}
        columns={[
          (m) => date(m.authoredOn),
          (m) => conceptText(m.medicationCodeableConcept),
          (m) => m.dosageInstruction?.[0]?.text ?? '',
          (m) => m.status,
          (m) => m.requester?.display ?? '',
        ]}
      />
    </Section>
  );
}

/** Lab results grouped by analyte (LOINC), the latest value first, with its trend. */
export function Results({ observations }: { observations: fhir4.Observation[] }) {
  const { t, date } = useI18n();
  const byCode = new Map<string, fhir4.Observation[]>();
  for (const observation of observations) {
    const code = codeOf(observation.code) ?? conceptText(observation.code);
    byCode.set(code, [...(byCode.get(code) ?? []), observation]);
  }
  const groups = [...byCode.values()].map((group) => newestFirst(group, (o) => o.effectiveDateTime));
  groups.sort((a, b) => (b[0]!.effectiveDateTime ?? '').localeCompare(a[0]!.effectiveDateTime ?? ''));
  return (
    <Section title={t('chart.results')}>
      {groups.length === 0 ? (
        <p>{t('app.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('chart.analyte')}</th>
              <th scope="col">{t('portal.when')}</th>
              <th scope="col">{t('chart.value')}</th>
              <th scope="col">{t('chart.range')}</th>
              <th scope="col">{t('chart.trend')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => {
              const latest = group[0]!;
              const range = latest.referenceRange?.[0];
              const points = group
                .filter((o) => o.valueQuantity?.value !== undefined && o.effectiveDateTime)
                .map((o) => ({ at: o.effectiveDateTime!, value: o.valueQuantity!.value! }))
                .reverse();
              const out =
                latest.valueQuantity?.value !== undefined &&
                ((range?.low?.value !== undefined && latest.valueQuantity.value < range.low.value) ||
                  (range?.high?.value !== undefined && latest.valueQuantity.value > range.high.value));
              return (
                <tr key={latest.id}>
                  <th scope="row">{conceptText(latest.code)}</th>
                  <td>{date(latest.effectiveDateTime, true)}</td>
                  <td className={out ? 'out-of-range' : undefined}>{valueText(latest)}</td>
                  <td>{range ? `${range.low?.value ?? ''} – ${range.high?.value ?? ''} ${range.high?.unit ?? range.low?.unit ?? ''}` : ''}</td>
                  <td>
                    <Trend points={points} low={range?.low?.value} high={range?.high?.value} label={conceptText(latest.code)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function Notes({ documents }: { documents: fhir4.DocumentReference[] }) {
  const { t, date } = useI18n();
  return (
    <Section title={t('chart.notes')}>
      {documents.length === 0 && <p>{t('app.none')}</p>}
      <ol className="notes">
        {newestFirst(documents, (d) => d.date).map((document) => (
          <li key={document.id}>
            <p className="note-meta">
              {date(document.date, true)} · {document.author?.[0]?.display ?? ''}
            </p>
            <p className="note-text">{noteText(document)}</p>
          </li>
        ))}
      </ol>
    </Section>
  );
}

export function Coverages({ coverages }: { coverages: fhir4.Coverage[] }) {
  const { t } = useI18n();
  return (
    <Section title={t('chart.coverage')}>
      <List items={coverages} columns={[(c) => conceptText(c.type), (c) => c.payor?.[0]?.display ?? '', (c) => c.status]} />
    </Section>
  );
}

/** A plain table of items, one cell per column function. */
function List<T extends fhir4.Resource>({ items, columns, emphasis }: { items: T[]; columns: Array<(item: T) => string>; emphasis?: (item: T) => boolean }) {
  const { t } = useI18n();
  if (items.length === 0) return <p>{t('app.none')}</p>;
  return (
    <table className="list">
      <tbody>
        {items.map((item) => (
          <tr key={item.id} className={emphasis?.(item) ? 'emphasis' : undefined}>
            {columns.map((column, i) =>
              i === 0 ? (
                <th scope="row" key={i}>
                  {column(item)}
                </th>
              ) : (
                <td key={i}>{column(item)}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
