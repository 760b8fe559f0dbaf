/**
 * Names for the synthetic group: where it sits, what its establishments are called, and
 * the insurers its patients have. All invented or generic; a resemblance to a real
 * establishment is chance.
 */

/**
 * Where a group may sit: departments that touch one another, in one region, the first
 * being the main one (where the laboratory is). A group like the one that leaked in 2024
 * covers a few neighbouring departments.
 */
export const GROUP_FOOTPRINTS: ReadonlyArray<{ region: string; departments: readonly string[] }> = [
  { region: 'Nouvelle-Aquitaine', departments: ['33', '24', '47', '40', '17'] },
  { region: 'Auvergne-Rhône-Alpes', departments: ['69', '01', '38', '42'] },
  { region: 'Occitanie', departments: ['31', '81', '82', '32', '09'] },
  { region: 'Hauts-de-France', departments: ['59', '62', '80', '02'] },
  { region: "Provence-Alpes-Côte d'Azur", departments: ['13', '83', '84', '04'] },
  { region: 'Île-de-France', departments: ['75', '92', '93', '94', '91'] },
  { region: 'Grand Est', departments: ['67', '68', '57', '54'] },
  { region: 'Bretagne', departments: ['35', '22', '56', '29'] },
  { region: 'Pays de la Loire', departments: ['44', '49', '85', '53'] },
  { region: 'Normandie', departments: ['76', '14', '27', '61'] },
];

export const GROUP_NAME_PATTERNS: readonly string[] = ['Groupe Santé {region}', 'Groupe Hospitalier Privé {region}', 'Cliniques Associées {region}'];

/** Clinic names; "{city}" is the commune where it stands. */
export const CLINIC_NAMES: readonly string[] = [
  'Clinique du Parc',
  'Clinique Saint-Joseph',
  'Polyclinique de {city}',
  'Clinique des Cèdres',
  'Clinique Sainte-Marie',
  'Clinique Pasteur',
  'Polyclinique du Val',
  'Clinique Saint-Augustin',
  "Clinique Jeanne d'Arc",
  'Clinique des Lilas',
  "Clinique de l'Europe",
  'Clinique Saint-Vincent',
  'Polyclinique des Trois Rivières',
  'Clinique du Mail',
  'Clinique Bon Secours',
  'Clinique Montréal',
  'Clinique Sainte-Anne',
  'Hôpital privé de {city}',
  'Clinique Belharra',
  'Clinique du Pont de Chaume',
];

export const NURSING_HOME_NAMES: readonly string[] = [
  'EHPAD Les Tilleuls',
  'EHPAD Les Jardins de {city}',
  'Résidence Les Glycines',
  'EHPAD Le Clos Fleuri',
  'Résidence Les Hortensias',
  'EHPAD La Roseraie',
];

export const LABORATORY_NAMES: readonly string[] = ['Laboratoire de biologie médicale de {city}', 'Biolab {city}', 'Laboratoire Biosanté {city}'];

/** Complementary insurers (AMC) with a rough share of members; "Complémentaire santé solidaire" is the state scheme. */
export const MUTUELLES: ReadonlyArray<readonly [string, number]> = [
  ['Harmonie Mutuelle', 12],
  ['MGEN', 10],
  ['Malakoff Humanis', 8],
  ['AG2R La Mondiale', 7],
  ['Groupama Santé', 6],
  ['MACIF Mutuelle', 6],
  ['AXA Santé', 6],
  ['La Mutuelle Générale', 5],
  ['MAAF Santé', 4],
  ['Swiss Life Prévoyance et Santé', 3],
  ['Apivia Mutuelle', 3],
  ['Matmut Santé', 3],
  ['Klesia Mutuelle', 3],
  ['Alan', 3],
  ['Mutuelle Bleue', 2],
  ['Solimut Mutuelle de France', 2],
  ['Complémentaire santé solidaire', 7],
];

/** Streets, completing faker's fr list with what every French town has. */
export const COMMON_STREETS: readonly string[] = [
  'rue de la République',
  'avenue du Général de Gaulle',
  'rue Victor Hugo',
  'rue Jean Jaurès',
  'place de la Mairie',
  'rue de la Gare',
  'chemin des Vignes',
  'allée des Acacias',
  'rue Pasteur',
  'avenue Jean Moulin',
  'rue des Écoles',
  'impasse des Lilas',
  'route de Bordeaux',
  'rue du Moulin',
  'boulevard Gambetta',
  "rue de l'Église",
  'rue Voltaire',
  'rue du Stade',
];
