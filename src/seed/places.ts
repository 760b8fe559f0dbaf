import { createRequire } from 'node:module';
import { weightedTable, type SeededRandom, type WeightedTable } from './random.ts';

/**
 * Real French communes (INSEE codes, postal codes, populations) from
 * @etalab/decoupage-administratif, loaded once, with cumulative population weights so that
 * a commune is drawn as often as people live there. Only current communes with a
 * population are kept, in the departments a NIR can name: 01–95, 2A/2B and the overseas
 * departments 971–976 (the collectivities 977, 978 and 98x have other numbering).
 */
export interface Commune {
  /** INSEE code (COG): 5 characters, "2A004" in Corsica, "97411" overseas. */
  insee: string;
  name: string;
  /** '01'…'95', '2A', '2B', '971'…'976'. */
  department: string;
  region: string;
  /** The first postal code is the commune's main one; big cities have several. */
  postalCode: string;
  postalCodes: readonly string[];
  population: number;
}

export interface Department {
  code: string;
  name: string;
  region: string;
  /** "de la Gironde", "des Bouches-du-Rhône", "du Rhône", "de l'Ain": INSEE's article rule (TNCC). */
  ofName: string;
}

export interface Places {
  communes: readonly Commune[];
  national: WeightedTable<Commune>;
  byDepartment: ReadonlyMap<string, WeightedTable<Commune>>;
  departments: ReadonlyMap<string, Department>;
  /** Paris, Lyon and Marseille by arrondissement (births are registered there): parent INSEE → arrondissements. */
  arrondissements: ReadonlyMap<string, WeightedTable<Commune>>;
}

interface EtalabCommune {
  code: string;
  nom: string;
  departement: string;
  region: string;
  type: string;
  commune?: string;
  codesPostaux?: string[];
  population?: number;
}

interface EtalabDepartement {
  code: string;
  nom: string;
  region: string;
  typeLiaison: number;
}

const NIR_DEPARTMENT = /^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$/;
/** INSEE "type de nom en clair" → the words before the name. */
const OF_BY_TNCC = ['de ', "d'", 'du ', 'de la ', 'des ', "de l'", 'des ', 'de las ', 'de los '];

let loaded: Places | undefined;

/** The communes and their weights; the 8 MB JSON is read on first use only (the server never needs it). */
export function places(): Places {
  loaded ??= loadPlaces();
  return loaded;
}

function loadPlaces(): Places {
  const require = createRequire(import.meta.url);
  const rawCommunes = require('@etalab/decoupage-administratif/data/communes.json') as EtalabCommune[];
  const rawDepartments = require('@etalab/decoupage-administratif/data/departements.json') as EtalabDepartement[];

  const toCommune = (raw: EtalabCommune): Commune => ({
    insee: raw.code,
    name: raw.nom,
    department: raw.departement,
    region: raw.region,
    postalCode: raw.codesPostaux![0]!,
    postalCodes: raw.codesPostaux!,
    population: raw.population!,
  });
  const usable = (raw: EtalabCommune) => NIR_DEPARTMENT.test(raw.departement) && (raw.population ?? 0) > 0 && (raw.codesPostaux?.length ?? 0) > 0;

  const communes = rawCommunes.filter((raw) => raw.type === 'commune-actuelle' && usable(raw)).map(toCommune);
  const byDepartment = groupInto(communes, (commune) => commune.department);
  const arrondissements = new Map<string, Commune[]>();
  for (const raw of rawCommunes) {
    if (raw.type !== 'arrondissement-municipal' || !raw.commune || !usable(raw)) continue;
    const list = arrondissements.get(raw.commune) ?? [];
    list.push(toCommune(raw));
    arrondissements.set(raw.commune, list);
  }
  const departments = new Map(
    rawDepartments
      .filter((raw) => NIR_DEPARTMENT.test(raw.code))
      .map((raw) => [raw.code, { code: raw.code, name: raw.nom, region: raw.region, ofName: `${OF_BY_TNCC[raw.typeLiaison] ?? 'de '}${raw.nom}` }]),
  );
  return {
    communes,
    national: byPopulation(communes),
    byDepartment: new Map([...byDepartment].map(([code, list]) => [code, byPopulation(list)])),
    departments,
    arrondissements: new Map([...arrondissements].map(([code, list]) => [code, byPopulation(list)])),
  };
}

function byPopulation(communes: readonly Commune[]): WeightedTable<Commune> {
  return weightedTable(communes, (commune) => commune.population);
}

function groupInto<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(keyOf(item));
    if (list) list.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

/** A commune drawn by population, in France or in one department. */
export function drawCommune(random: SeededRandom, department?: string): Commune {
  const all = places();
  if (department === undefined) return random.draw(all.national);
  const table = all.byDepartment.get(department);
  if (!table) throw new RangeError(`no commune known in department ${department}`);
  return random.draw(table);
}

/** Where a birth is registered: Paris, Lyon and Marseille by arrondissement (75112, 69383, 13205). */
export function birthRegistrationPlace(random: SeededRandom, commune: Commune): Commune {
  const arrondissements = places().arrondissements.get(commune.insee);
  return arrondissements ? random.draw(arrondissements) : commune;
}

export function departmentNamed(code: string): Department {
  const department = places().departments.get(code);
  if (!department) throw new RangeError(`unknown department ${code}`);
  return department;
}

/** The department and commune parts of a NIR for a birth in this commune (97105 → 971 + 05). */
export function nirPlaceOf(commune: Commune): { department: string; commune: string } {
  return { department: commune.department, commune: commune.insee.slice(commune.department.length) };
}

/**
 * The first digit after 0 of landlines in a department (ARCEP zones): 01 Île-de-France,
 * 02 north-west, 03 north-east, 04 south-east, 05 south-west. Mainland only: overseas
 * departments dial their own country codes (+590, +262…), and no group is placed there.
 */
export function landlineZone(department: string): string {
  if (department.startsWith('97')) throw new RangeError(`overseas department ${department} has no +33 landline zone`);
  const region = departmentNamed(department).region;
  if (region === '11') return '1';
  if (['24', '28', '52', '53'].includes(region)) return '2';
  if (['27', '32', '44'].includes(region)) return '3';
  if (region === '75') return '5';
  // Occitanie is split: the former Midi-Pyrénées dials 05, Languedoc-Roussillon 04.
  if (region === '76') return ['09', '12', '31', '32', '46', '65', '81', '82'].includes(department) ? '5' : '4';
  return '4';
}
