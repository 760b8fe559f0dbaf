import type { DirectoryInsert } from '../directory/directory.ts';
import { makeFiness } from '../domain/finess.ts';
import { ESTABLISHMENT_KIND_EXT, FINESS_SYSTEM, ORGANIZATION_LEVEL_SYSTEM } from '../domain/systems.ts';
import { asciiSlug, landlineNumber, streetLine } from './contact.ts';
import { parisTime } from './dates.ts';
import { coding, reference, type WithId } from './fhir.ts';
import { drawCommune, places, type Commune } from './places.ts';
import { makePractitioner, makeRole, type SeedPractitioner, type SeedRole } from './practitioners.ts';
import { SeededRandom, tableOf, weightedTable, type WeightedTable } from './random.ts';
import { CLINIC_NAMES, GROUP_FOOTPRINTS, GROUP_NAME_PATTERNS, LABORATORY_NAMES, MUTUELLES, NURSING_HOME_NAMES } from './tables/organisations.ts';
import { UNIT_KINDS, type EstablishmentKind, type StaffRole, type UnitKind } from './tables/units.ts';

export type { SeedPractitioner, SeedRole } from './practitioners.ts';

/**
 * The organisation of a clinic group like the one whose 758,912 patient records leaked in
 * November 2024 (14 clinics, 3 nursing homes): the group, its establishments with valid
 * FINESS numbers and real addresses in a few neighbouring departments, their units, the
 * practitioners of each unit (valid RPPS), outside GPs who act as treating doctors, and
 * the insurers. Deterministic: the same seed and options give the same group, ids included.
 */
export interface GroupOptions {
  clinics?: number;
  nursingHomes?: number;
  laboratories?: number;
  /**
   * "Today" in the synthetic world (YYYY-MM-DD): stays, deaths and results all happen
   * before it. Fixed rather than read from the clock so that a seed always gives the
   * same data; pass today's date to make "current" stays current.
   */
  referenceDate?: string;
}

export const DEFAULT_REFERENCE_DATE = '2026-11-01';

export interface SeedUnit {
  id: string;
  name: string;
  kind: UnitKind;
  establishmentId: string;
  organization: WithId<fhir4.Organization>;
  staff: SeedPractitioner[];
}

export interface SeedEstablishment {
  id: string;
  kind: EstablishmentKind;
  /** 1-based rank among establishments of its kind. */
  number: number;
  /** "clinique-3", "ehpad-1", "laboratoire-1": readable, used in demo usernames. */
  slug: string;
  name: string;
  finess: string;
  commune: Commune;
  organization: WithId<fhir4.Organization>;
  units: SeedUnit[];
  staff: SeedPractitioner[];
}

export interface SeedGroup {
  seed: number;
  referenceDate: string;
  /** The reference moment, epoch milliseconds (10:00 in Paris on the reference date). */
  now: number;
  region: string;
  departments: readonly string[];
  organization: WithId<fhir4.Organization>;
  establishments: readonly SeedEstablishment[];
  /** Unit staff, then the outside GPs. */
  practitioners: readonly SeedPractitioner[];
  generalPractitioners: readonly SeedPractitioner[];
  roles: readonly SeedRole[];
  /** "CPAM de la Gironde" for every department; "CGSS" overseas. */
  cpamByDepartment: ReadonlyMap<string, string>;
  mutuelles: WeightedTable<string>;
  // Indexes
  establishmentById: ReadonlyMap<string, SeedEstablishment>;
  practitionerById: ReadonlyMap<string, SeedPractitioner>;
  gpsByDepartment: ReadonlyMap<string, readonly SeedPractitioner[]>;
  laboratory: SeedEstablishment;
  /** Where patients are registered, weighted by the size of each establishment. */
  homeEstablishments: WeightedTable<SeedEstablishment>;
}

export function generateGroup(seed: number, options: GroupOptions = {}): SeedGroup {
  const { clinics = 14, nursingHomes = 3, laboratories = 1, referenceDate = DEFAULT_REFERENCE_DATE } = options;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) throw new RangeError(`referenceDate must be YYYY-MM-DD, not ${referenceDate}`);
  if (clinics < 1 || laboratories < 1) throw new RangeError('a group needs at least one clinic and one laboratory');
  const random = new SeededRandom(seed, 'group');
  const footprint = random.pick(GROUP_FOOTPRINTS);
  const groupName = random.pick(GROUP_NAME_PATTERNS).replace('{region}', footprint.region);
  const organization: WithId<fhir4.Organization> = {
    resourceType: 'Organization',
    id: random.uuid(),
    active: true,
    type: [{ coding: [coding(ORGANIZATION_LEVEL_SYSTEM, 'group')] }],
    name: groupName,
  };

  const builder = new EstablishmentBuilder(random, footprint.departments, organization);
  const establishments = [
    ...Array.from({ length: clinics }, (_, i) => builder.build('clinic', i + 1)),
    ...Array.from({ length: nursingHomes }, (_, i) => builder.build('nursing-home', i + 1)),
    ...Array.from({ length: laboratories }, (_, i) => builder.build('laboratory', i + 1)),
  ];
  const generalPractitioners = builder.generalPractitioners(random.int(30, 50));
  const practitioners = [...establishments.flatMap((establishment) => establishment.staff), ...generalPractitioners];

  return {
    seed,
    referenceDate,
    now: parisTime(referenceDate, 10),
    region: footprint.region,
    departments: footprint.departments,
    organization,
    establishments,
    practitioners,
    generalPractitioners,
    roles: builder.roles,
    cpamByDepartment: new Map([...places().departments.values()].map((department) => [department.code, insurerOf(department.code, department.ofName)])),
    mutuelles: tableOf(MUTUELLES),
    establishmentById: new Map(establishments.map((establishment) => [establishment.id, establishment])),
    practitionerById: new Map(practitioners.map((practitioner) => [practitioner.id, practitioner])),
    gpsByDepartment: groupBy(generalPractitioners, (gp) => gp.department),
    laboratory: establishments.find((establishment) => establishment.kind === 'laboratory')!,
    homeEstablishments: weightedTable(establishments, patientShare(establishments)),
  };
}

/** The rows the directory tables take (src/directory/directory.ts). */
export function directoryOf(group: SeedGroup): DirectoryInsert {
  return {
    organizations: [
      { resource: group.organization, level: 'group' },
      ...group.establishments.flatMap((establishment) => [
        { resource: establishment.organization, level: 'establishment' as const, partOf: group.organization.id, establishmentId: establishment.id },
        ...establishment.units.map((unit) => ({
          resource: unit.organization,
          level: 'unit' as const,
          partOf: establishment.id,
          establishmentId: establishment.id,
        })),
      ]),
    ],
    practitioners: group.practitioners.map((practitioner) => practitioner.resource),
    roles: [...group.roles],
  };
}

/** Overseas departments have a CGSS (Caisse générale de sécurité sociale), Mayotte its CSSM. */
function insurerOf(code: string, ofName: string): string {
  if (code === '976') return 'CSSM (Caisse de sécurité sociale de Mayotte)';
  return `${code.startsWith('97') ? 'CGSS' : 'CPAM'} ${ofName}`;
}

/**
 * Share of patients registered at each establishment: clinics by size (number of units),
 * nursing homes half a percent (a few hundred residents each over ten years, at the 2024
 * leak's scale), the laboratory its walk-in patients (about a tenth).
 */
function patientShare(establishments: readonly SeedEstablishment[]): (establishment: SeedEstablishment) => number {
  const clinicUnits = establishments.filter((e) => e.kind === 'clinic').reduce((sum, e) => sum + e.units.length, 0);
  const laboratories = establishments.filter((e) => e.kind === 'laboratory').length;
  const nursingHomes = establishments.filter((e) => e.kind === 'nursing-home').length;
  return (establishment) => {
    if (establishment.kind === 'clinic') return (0.905 * establishment.units.length) / clinicUnits;
    if (establishment.kind === 'nursing-home') return 0.005 / nursingHomes;
    return 0.09 / laboratories;
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(keyOf(item), [...(map.get(keyOf(item)) ?? []), item]);
  return map;
}

const SLUG_PREFIX: Record<EstablishmentKind, string> = { clinic: 'clinique', 'nursing-home': 'ehpad', laboratory: 'laboratoire' };
/** Where an establishment of each kind stands: clinics in towns, nursing homes anywhere but hamlets. */
const MIN_POPULATION: Record<EstablishmentKind, number> = { clinic: 8000, 'nursing-home': 1500, laboratory: 20000 };

/** Builds establishments one by one, keeping FINESS, RPPS and names unique within the group. */
class EstablishmentBuilder {
  readonly roles: SeedRole[] = [];
  private readonly finessTaken = new Set<string>();
  private readonly rppsTaken = new Set<string>();
  private readonly namesLeft: Record<EstablishmentKind, string[]>;
  private readonly departmentTable: WeightedTable<string>;

  constructor(
    private readonly random: SeededRandom,
    private readonly departments: readonly string[],
    private readonly group: WithId<fhir4.Organization>,
  ) {
    this.namesLeft = {
      clinic: random.sample(CLINIC_NAMES, CLINIC_NAMES.length),
      'nursing-home': random.sample(NURSING_HOME_NAMES, NURSING_HOME_NAMES.length),
      laboratory: random.sample(LABORATORY_NAMES, LABORATORY_NAMES.length),
    };
    // The main department (first) weighs double: the group grew from there.
    const population = (code: string) => places().communes.reduce((sum, c) => (c.department === code ? sum + c.population : sum), 0);
    this.departmentTable = weightedTable(departments, (code) => population(code) * (code === departments[0] ? 2 : 1));
  }

  build(kind: EstablishmentKind, number: number): SeedEstablishment {
    const random = this.random;
    const department = kind === 'laboratory' ? this.departments[0]! : random.draw(this.departmentTable);
    const commune = this.townIn(department, MIN_POPULATION[kind]);
    const id = random.uuid();
    const name = this.nameFor(kind, number, commune.name);
    const finess = this.newFiness(department);
    const phone = landlineNumber(random, department);
    const mailDomain = `${asciiSlug(name).slice(0, 40)}.fr`;
    const organization: WithId<fhir4.Organization> = {
      resourceType: 'Organization',
      id,
      active: true,
      identifier: [{ system: FINESS_SYSTEM, value: finess }],
      extension: [{ url: ESTABLISHMENT_KIND_EXT, valueCode: kind }],
      type: [{ coding: [coding(ORGANIZATION_LEVEL_SYSTEM, 'establishment')] }],
      name,
      telecom: [
        { system: 'phone', value: phone, use: 'work' },
        { system: 'email', value: `contact@${mailDomain}`, use: 'work' },
      ],
      address: [{ use: 'work', line: [streetLine(random)], city: commune.name, postalCode: commune.postalCode, country: 'FRA' }],
      partOf: reference('Organization', this.group.id, this.group.name),
    };
    const establishment: SeedEstablishment = {
      id,
      kind,
      number,
      slug: `${SLUG_PREFIX[kind]}-${number}`,
      name,
      finess,
      commune,
      organization,
      units: [],
      staff: [],
    };
    for (const unitKind of this.unitKindsFor(kind)) {
      const unit = this.unit(establishment, unitKind);
      for (const [role, range] of Object.entries(unitKind.staff) as Array<[StaffRole, readonly [number, number]]>) {
        for (let i = random.int(range[0], range[1]); i > 0; i--) {
          const practitioner = makePractitioner(random, this.rppsTaken, {
            kind: role,
            specialty: unitKind.specialty,
            department,
            mailDomain,
            phone,
            establishmentId: id,
            unitId: unit.id,
          });
          unit.staff.push(practitioner);
          establishment.staff.push(practitioner);
          this.roles.push(makeRole(random, practitioner, unit, unitKind.specialty));
        }
      }
      establishment.units.push(unit);
    }
    return establishment;
  }

  /** Outside GPs, spread over the group's departments by population: the patients' treating doctors. */
  generalPractitioners(count: number): SeedPractitioner[] {
    return Array.from({ length: count }, () => {
      const department = this.random.draw(this.departmentTable);
      const commune = this.townIn(department, 1000);
      return makePractitioner(this.random, this.rppsTaken, {
        kind: 'gp',
        specialty: 'Médecine générale',
        department,
        mailDomain: 'medecin.mssante.fr',
        phone: landlineNumber(this.random, department),
        address: { use: 'work', line: [`Cabinet médical, ${streetLine(this.random)}`], city: commune.name, postalCode: commune.postalCode, country: 'FRA' },
      });
    });
  }

  private unit(establishment: SeedEstablishment, kind: UnitKind): SeedUnit {
    const id = this.random.uuid();
    return {
      id,
      name: kind.name,
      kind,
      establishmentId: establishment.id,
      staff: [],
      organization: {
        resourceType: 'Organization',
        id,
        active: true,
        type: [{ coding: [coding(ORGANIZATION_LEVEL_SYSTEM, 'unit')] }],
        name: kind.name,
        partOf: reference('Organization', establishment.id, establishment.name),
      },
    };
  }

  /** The units of a new establishment; a clinic always has general medicine and at least three others. */
  private unitKindsFor(kind: EstablishmentKind): UnitKind[] {
    const candidates = UNIT_KINDS.filter((unit) => unit.establishment === kind);
    for (;;) {
      const chosen = candidates.filter((unit) => this.random.chance(unit.presence));
      if (kind !== 'clinic' || chosen.length >= 4) return chosen;
    }
  }

  private townIn(department: string, minPopulation: number): Commune {
    let best: Commune | undefined;
    for (let attempt = 0; attempt < 200; attempt++) {
      const commune = drawCommune(this.random, department);
      if (commune.population >= minPopulation) return commune;
      if (!best || commune.population > best.population) best = commune;
    }
    return best!;
  }

  private nameFor(kind: EstablishmentKind, number: number, city: string): string {
    const pattern = this.namesLeft[kind].shift() ?? `${kind === 'clinic' ? 'Clinique' : kind === 'nursing-home' ? 'EHPAD' : 'Laboratoire'} ${number} de {city}`;
    return pattern.replace('{city}', city);
  }

  private newFiness(department: string): string {
    for (;;) {
      // Establishment FINESS numbers in a department run from "<dept>0…" upwards.
      const finess = makeFiness(department, `0${this.random.digits(5)}`);
      if (!this.finessTaken.has(finess)) {
        this.finessTaken.add(finess);
        return finess;
      }
    }
  }
}
