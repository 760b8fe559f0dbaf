/**
 * Free-text notes in the register of French charts. Placeholders: {Patient} (Patient /
 * Patiente), {le patient} (le patient / la patiente), {Il} (Il / Elle), {e} (feminine ending: "vu{e}"), {reason} (why the patient
 * came), {condition} (a known condition), {unit} (the unit's name).
 */
export const NOTES_CONSULTATION: readonly string[] = [
  '{Patient} vu{e} en consultation de suivi, tension stable.',
  'Consultation de suivi : {condition} stable sous traitement, pas de modification.',
  "Renouvellement d'ordonnance. Pas de plainte particulière, examen clinique sans particularité.",
  '{Patient} vu{e} ce jour pour {reason}. Bilan biologique demandé, à revoir avec les résultats.',
  "{Il} signale une meilleure tolérance du traitement depuis l'adaptation de posologie.",
  "Poids stable, pas de dyspnée, pas d'œdème des membres inférieurs.",
];

export const NOTES_MEDICINE: readonly string[] = [
  "Entrée pour {reason}. Constantes stables à l'admission.",
  "Apyrexie depuis 48 heures, relais per os de l'antibiothérapie.",
  '{Patient} informé{e} des résultats. Accord pour la prise en charge proposée.',
  'Amélioration clinique, sortie envisagée en fin de semaine.',
];

export const NOTES_SURGERY: readonly string[] = [
  'Suites opératoires simples, lever J1, douleur bien contrôlée par antalgiques de palier 1.',
  'Sortie à domicile ce jour, ordonnance remise, contrôle en consultation dans 6 semaines.',
  'Bonne tolérance du traitement. Mobilisation progressive avec le kinésithérapeute.',
  'Intervention ({reason}) réalisée sans incident. Surveillance en salle de réveil.',
];

export const NOTES_MATERNITY: readonly string[] = [
  'Accouchement par voie basse sans complication, nouveau-né en bonne santé.',
  'Suites de couches simples, allaitement maternel bien démarré.',
  'Monitoring fœtal rassurant, pas de contraction.',
];

export const NOTES_EMERGENCY: readonly string[] = [
  'Admission aux urgences pour {reason}. Bilan biologique et ECG réalisés.',
  'Retour à domicile après 4 heures de surveillance, consignes de reconsultation données.',
  'Examen neurologique normal, pas de signe de gravité.',
];

/** A nurse's notes at any encounter. */
export const NOTES_NURSING: readonly string[] = [
  'Pansement refait, cicatrice propre et sèche.',
  'Constantes : TA 13/8, pouls 72, saturation 98 % en air ambiant.',
  'Douleur évaluée à 3/10 (EVA) après antalgique.',
];

/** A nurse's notes that only make sense during an inpatient stay. */
export const NOTES_NURSING_STAY: readonly string[] = [
  ...NOTES_NURSING,
  'Nuit calme, {le patient} a bien dormi.',
  'Glycémie capillaire à 1,45 g/L avant le repas du soir.',
  'Refus du petit-déjeuner, hydratation à surveiller.',
];

export const NOTES_NURSING_HOME: readonly string[] = [
  "Résident{e} calme ce jour, participation à l'atelier mémoire.",
  'Chute sans gravité dans la chambre, pas de douleur à la mobilisation. Famille prévenue.',
  'Poids stable à la pesée mensuelle.',
  'Visite de la famille cet après-midi, {Patient} souriant{e}.',
  'Troubles du comportement en fin de journée, apaisement après accompagnement.',
];

export const NOTES_LABORATORY: readonly string[] = [
  'Prélèvement réalisé à jeun, bonne tolérance.',
  'Résultats transmis au médecin traitant.',
  'Tube hémolysé, prélèvement refait.',
];

export function fillNote(template: string, values: { female: boolean; reason?: string; condition?: string; unit?: string }): string {
  return template
    .replaceAll('{Patient}', values.female ? 'Patiente' : 'Patient')
    .replaceAll('{le patient}', values.female ? 'la patiente' : 'le patient')
    .replaceAll('{Il}', values.female ? 'Elle' : 'Il')
    .replaceAll('{e}', values.female ? 'e' : '')
    .replaceAll('{reason}', lowerFirst(values.reason ?? 'un contrôle'))
    .replaceAll('{condition}', lowerFirst(values.condition ?? 'état général'))
    .replaceAll('{unit}', values.unit ?? 'le service');
}

/** "Diabète de type 2" → "diabète de type 2", but "Maladie d'Alzheimer" keeps its capital A. */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
