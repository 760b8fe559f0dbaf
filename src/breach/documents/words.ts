import type { DataCategory } from '../../leaks/categories.ts';

/** The data categories in the words of a French notification. */
export const CATEGORY_WORDS: Record<DataCategory, string> = {
  identity: 'identité et coordonnées (nom, date de naissance, adresse, téléphone, courriel, numéro de sécurité sociale)',
  stays: 'séjours et consultations',
  history: 'antécédents et problèmes de santé',
  allergies: 'allergies et intolérances',
  prescriptions: 'prescriptions médicamenteuses',
  'lab-results': 'résultats d’analyses biologiques',
  notes: 'notes des soignants',
  insurance: 'couverture maladie (régime obligatoire et complémentaire)',
};

/** Health data are a special category (GDPR art. 9): their disclosure is a high risk to the people concerned. */
export const isHealthData = (category: DataCategory) => category !== 'identity' && category !== 'insurance';

/** The roles as a French notification names them. */
export const ROLE_WORDS: Record<string, string> = {
  doctor: 'médecin',
  nurse: 'infirmier ou infirmière',
  admissions: 'admissions',
  lab: 'laboratoire',
  dpo: 'délégué à la protection des données',
  dim: 'médecin DIM',
  security_officer: 'responsable de la sécurité',
  user_admin: 'administration des comptes',
  sysadmin: 'administration système',
};

export function frenchDate(at: Date | string, withTime = true): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return date.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}) });
}

export const count = (n: number) => n.toLocaleString('fr-FR');
