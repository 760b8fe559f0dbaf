import { useState, type FormEvent } from 'react';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText, Field, Notice, Section, TextArea } from '../../ui/parts.tsx';
import { base64Text } from '../fhir-text.ts';

const LOINC = 'http://loinc.org';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
/** The roles the API lets write notes and allergies (src/access/rules.ts WRITE_TYPES). */
const CARE_WRITERS = ['doctor', 'nurse'];

/** What the reader's role may add to the chart: a progress note, an allergy. The gate checks it again. */
export function ChartEditing({ patientId, onSaved }: { patientId: string; onSaved(): void }) {
  const { t } = useI18n();
  const { send, me } = useSession();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  if (!CARE_WRITERS.includes(me.role)) return null;
  const subject = { reference: `Patient/${patientId}` };

  const save = async (event: FormEvent<HTMLFormElement>, resource: (form: FormData) => fhir4.Resource, done: string) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    try {
      const body = resource(new FormData(formElement));
      await send('POST', `/fhir/${body.resourceType}`, body);
      formElement.reset();
      setMessage({ kind: 'success', text: done });
      onSaved();
    } catch (caught) {
      setMessage({ kind: 'error', text: errorText(caught) });
    }
  };

  const note = (form: FormData): fhir4.DocumentReference => ({
    resourceType: 'DocumentReference',
    status: 'current',
    type: { coding: [{ system: LOINC, code: '11506-3', display: 'Progress note' }], text: "Note d'évolution" },
    subject,
    date: new Date().toISOString(),
    ...(me.practitionerId ? { author: [{ reference: `Practitioner/${me.practitionerId}` }] } : {}),
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', language: 'fr-FR', data: base64Text(String(form.get('text'))) } }],
  });
  const allergy = (form: FormData): fhir4.AllergyIntolerance => ({
    resourceType: 'AllergyIntolerance',
    clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: ALLERGY_VERIFICATION, code: 'unconfirmed' }] },
    code: { text: String(form.get('substance')) },
    patient: subject,
    recordedDate: new Date().toISOString().slice(0, 10),
    reaction: [{ manifestation: [{ text: String(form.get('reaction')) }] }],
  });

  return (
    <div className="chart-grid">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <Section title={t('chart.addNote')}>
        <form onSubmit={(event) => void save(event, note, t('chart.noteSaved'))}>
          <TextArea label={t('chart.noteText')} name="text" required rows={4} maxLength={10000} />
          <button type="submit">{t('app.save')}</button>
        </form>
      </Section>
      <Section title={t('chart.addAllergy')}>
        <form onSubmit={(event) => void save(event, allergy, t('chart.allergySaved'))}>
          <Field label={t('chart.substance')} name="substance" required maxLength={200} />
          <Field label={t('chart.reaction')} name="reaction" required maxLength={200} />
          <button type="submit">{t('app.save')}</button>
        </form>
      </Section>
    </div>
  );
}
