import { fr } from '@faker-js/faker';

/**
 * Who the patients are: names from faker's French locale (read once as plain lists, so a
 * name costs one draw of our own generator instead of a faker reseed), the French age
 * pyramid, countries of birth of people born abroad, e-mail providers.
 */
const firstNames = fr.person!.first_name!;
/** Unisex names (Camille, Dominique…) are given to both sexes. */
export const FEMALE_GIVEN_NAMES: readonly string[] = [...(firstNames.female ?? []), ...(firstNames.generic ?? [])];
export const MALE_GIVEN_NAMES: readonly string[] = [...(firstNames.male ?? []), ...(firstNames.generic ?? [])];
/** faker writes "Le gall", "Da silva": French usage capitalises each part ("Le Gall"). */
export const FAMILY_NAMES: readonly string[] = (fr.person!.last_name!.generic ?? []).map((name) =>
  name.replace(/(^|[\s-])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase()),
);
export const STREET_KINDS: readonly string[] = (fr.location!.street_prefix ?? ['Rue']).map((kind) => kind.toLowerCase());
export const STREET_NAMES: readonly string[] = fr.location!.street_suffix ?? [];

/**
 * Population of France by 5-year age band (INSEE, estimates at 1 January 2024, thousands;
 * rounded): 0–4, 5–9 … 95–99.
 */
export const AGE_BANDS_FRANCE: readonly number[] = [
  3430, 3780, 4100, 4170, 3920, 3720, 4030, 4240, 4270, 4240, 4560, 4440, 4250, 3960, 3720, 2960, 1930, 1330, 680, 190,
];

/** Residents of nursing homes by the same bands (DREES, EHPA survey 2019: mean age at entry ≈ 86). */
export const AGE_BANDS_NURSING_HOME: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 8, 18, 32, 28, 9];

/** Share of women at a given age: about even until 60, then women outlive men. */
export function femaleShare(age: number): number {
  if (age < 55) return 0.49;
  if (age < 75) return 0.53;
  if (age < 85) return 0.58;
  if (age < 90) return 0.66;
  return 0.76;
}

/** Countries of birth of people born abroad: INSEE country code (COG, 99xxx), ISO 3166 alpha-3, a city, a rough weight. */
export interface BirthCountry {
  insee: string;
  iso3: string;
  name: string;
  city: string;
  weight: number;
}

export const BIRTH_COUNTRIES: readonly BirthCountry[] = [
  { insee: '99352', iso3: 'DZA', name: 'Algérie', city: 'Alger', weight: 12 },
  { insee: '99350', iso3: 'MAR', name: 'Maroc', city: 'Casablanca', weight: 12 },
  { insee: '99139', iso3: 'PRT', name: 'Portugal', city: 'Porto', weight: 9 },
  { insee: '99351', iso3: 'TUN', name: 'Tunisie', city: 'Tunis', weight: 5 },
  { insee: '99127', iso3: 'ITA', name: 'Italie', city: 'Naples', weight: 4 },
  { insee: '99134', iso3: 'ESP', name: 'Espagne', city: 'Madrid', weight: 4 },
  { insee: '99208', iso3: 'TUR', name: 'Turquie', city: 'Istanbul', weight: 4 },
  { insee: '99132', iso3: 'GBR', name: 'Royaume-Uni', city: 'Londres', weight: 2 },
  { insee: '99131', iso3: 'BEL', name: 'Belgique', city: 'Bruxelles', weight: 2 },
  { insee: '99109', iso3: 'DEU', name: 'Allemagne', city: 'Francfort', weight: 2 },
  { insee: '99341', iso3: 'SEN', name: 'Sénégal', city: 'Dakar', weight: 2 },
  { insee: '99335', iso3: 'MLI', name: 'Mali', city: 'Bamako', weight: 2 },
  { insee: '99326', iso3: 'CIV', name: "Côte d'Ivoire", city: 'Abidjan', weight: 2 },
  { insee: '99322', iso3: 'CMR', name: 'Cameroun', city: 'Douala', weight: 2 },
  { insee: '99114', iso3: 'ROU', name: 'Roumanie', city: 'Bucarest', weight: 2 },
  { insee: '99216', iso3: 'CHN', name: 'Chine', city: 'Shanghai', weight: 2 },
  { insee: '99243', iso3: 'VNM', name: 'Vietnam', city: 'Hô Chi Minh-Ville', weight: 1.5 },
  { insee: '99397', iso3: 'COM', name: 'Comores', city: 'Moroni', weight: 1 },
  { insee: '99333', iso3: 'MDG', name: 'Madagascar', city: 'Antananarivo', weight: 1 },
  { insee: '99410', iso3: 'HTI', name: 'Haïti', city: 'Port-au-Prince', weight: 1 },
  { insee: '99122', iso3: 'POL', name: 'Pologne', city: 'Varsovie', weight: 1 },
  { insee: '99140', iso3: 'CHE', name: 'Suisse', city: 'Genève', weight: 1 },
  { insee: '99404', iso3: 'USA', name: 'États-Unis', city: 'New York', weight: 1 },
  { insee: '99416', iso3: 'BRA', name: 'Brésil', city: 'São Paulo', weight: 1 },
];

/** Personal e-mail providers; older people kept the address their internet provider gave them. */
export const EMAIL_DOMAINS_YOUNGER: ReadonlyArray<readonly [string, number]> = [
  ['gmail.com', 45],
  ['hotmail.fr', 10],
  ['orange.fr', 10],
  ['free.fr', 8],
  ['outlook.fr', 8],
  ['yahoo.fr', 6],
  ['icloud.com', 6],
  ['sfr.fr', 4],
  ['laposte.net', 3],
];
export const EMAIL_DOMAINS_OLDER: ReadonlyArray<readonly [string, number]> = [
  ['orange.fr', 28],
  ['gmail.com', 20],
  ['wanadoo.fr', 12],
  ['free.fr', 12],
  ['laposte.net', 8],
  ['sfr.fr', 8],
  ['yahoo.fr', 6],
  ['hotmail.fr', 6],
];

/**
 * INS identity status (Référentiel national d'identitovigilance): most identities are
 * qualified (INS fetched and an identity document checked); some only validated, some
 * only fetched, some still provisional.
 */
export const IDENTITY_STATUS_WEIGHTS: ReadonlyArray<readonly ['PROV' | 'RECUP' | 'VALI' | 'QUAL', number]> = [
  ['QUAL', 62],
  ['VALI', 20],
  ['RECUP', 8],
  ['PROV', 10],
];
