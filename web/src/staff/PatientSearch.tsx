import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { errorText, Field, Notice } from '../ui/parts.tsx';
import { PatientTable } from './PatientTable.tsx';

/** Patient search with the identity lookup rules of the gate (src/gate/patient-search.ts). */
export function PatientSearch() {
  const { t } = useI18n();
  const { send } = useSession();
  const [found, setFound] = useState<fhir4.BundleEntry[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const onSearch = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const query = new URLSearchParams();
    for (const [name, field] of [
      ['family', 'family'],
      ['given', 'given'],
      ['birthdate', 'birthdate'],
      ['identifier', 'nir'],
    ] as const) {
      const value = String(form.get(field) ?? '').trim();
      if (value) query.set(name, value.replace(/\s/g, field === 'nir' ? '' : ' '));
    }
    setError(undefined);
    try {
      setFound((await send<fhir4.Bundle>('GET', `/fhir/Patient?${query}`)).entry ?? []);
    } catch (caught) {
      setFound(undefined);
      setError(errorText(caught));
    }
  };

  return (
    <main id="main">
      <h1>{t('search.title')}</h1>
      <p className="lead">{t('search.rules')}</p>
      <form onSubmit={onSearch} className="search-form" role="search">
        <Field label={t('search.family')} name="family" autoComplete="off" />
        <Field label={t('search.given')} name="given" autoComplete="off" />
        <Field label={t('search.birthDate')} name="birthdate" type="date" />
        <Field label={t('search.nir')} name="nir" autoComplete="off" inputMode="numeric" />
        <button type="submit">{t('search.submit')}</button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {found && (found.length > 0 ? <PatientTable entries={found} caption={t('search.title')} /> : <Notice>{t('search.none')}</Notice>)}
    </main>
  );
}
