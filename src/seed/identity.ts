import { makeNir } from '../domain/nir.ts';
import {
  BIRTH_PLACE_EXT,
  COMMUNE_SYSTEM,
  DEATH_DECLARATION_EXT,
  IDENTIFIER_TYPE_FR,
  IDENTIFIER_TYPE_V2,
  IDENTITY_RELIABILITY_EXT,
  IDENTITY_STATUS_SUB_EXT,
  IDENTITY_STATUS_SYSTEM,
  INSEE_CODE_EXT,
  INS_NIR_SYSTEM,
  INS_NIR_TYPE_CODE,
  IPP_TYPE_CODE,
  ippSystem,
  type IdentityStatus,
} from '../domain/systems.ts';
import type { Chart } from './chart.ts';
import type { Person } from './person.ts';
import { asciiSlug, landlineNumber, mobileNumber, streetLine } from './contact.ts';
import { ageAt, DAY, formatDate, formatDateTime, YEAR } from './dates.ts';
import { coding, reference } from './fhir.ts';
import type { SeedEstablishment, SeedGroup } from './group.ts';
import { birthRegistrationPlace, drawCommune, nirPlaceOf, type Commune } from './places.ts';
import type { SeedPractitioner } from './practitioners.ts';
import { tableOf, weightedTable, type SeededRandom } from './random.ts';
import {
  AGE_BANDS_FRANCE,
  AGE_BANDS_NURSING_HOME,
  BIRTH_COUNTRIES,
  EMAIL_DOMAINS_OLDER,
  EMAIL_DOMAINS_YOUNGER,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  IDENTITY_STATUS_WEIGHTS,
  MALE_GIVEN_NAMES,
  femaleShare,
} from './tables/people.ts';

const AGES_FRANCE = weightedTable(AGE_BANDS_FRANCE, (weight) => weight);
const AGES_NURSING_HOME = weightedTable(AGE_BANDS_NURSING_HOME, (weight) => weight);
const COUNTRIES = weightedTable(BIRTH_COUNTRIES, (country) => country.weight);
const STATUSES = tableOf(IDENTITY_STATUS_WEIGHTS);
const DOMAINS_YOUNGER = tableOf(EMAIL_DOMAINS_YOUNGER);
const DOMAINS_OLDER = tableOf(EMAIL_DOMAINS_OLDER);

export function drawPerson(group: SeedGroup, random: SeededRandom, establishment: SeedEstablishment): Person {
  const id = random.uuid();
  const inNursingHome = establishment.kind === 'nursing-home';
  const age = random.weightedPick(inNursingHome ? AGES_NURSING_HOME.cumulative : AGES_FRANCE.cumulative) * 5 + random.int(0, 4);
  const sex = random.chance(inNursingHome ? 0.74 : femaleShare(age)) ? 'female' : 'male';
  // A birthday at a random point of the year: exactly `age` years old on the reference date.
  const birthMs = group.now - (age * YEAR + random.real(1, 364) * DAY);
  const given = givenNames(random, sex, age);
  const family = random.pick(FAMILY_NAMES);
  const usedFamily = usedName(random, sex, age, family);
  const birthPlace: Person['birthPlace'] = random.chance(0.05) ? { country: random.draw(COUNTRIES) } : { commune: birthCommune(random, establishment) };
  const birthDate = formatDate(birthMs);
  const nirPlace = 'country' in birthPlace ? { department: '99', commune: birthPlace.country.insee.slice(2) } : nirPlaceOf(birthPlace.commune);
  const nir = makeNir({
    sex: sex === 'male' ? 1 : 2,
    birthYear: Number(birthDate.slice(0, 4)),
    birthMonth: Number(birthDate.slice(5, 7)),
    ...nirPlace,
    order: random.int(1, 999),
  });
  const home = homeAddress(group, random, establishment);
  return {
    id,
    sex,
    birthMs,
    birthDate,
    age: ageAt(birthMs, group.now),
    family,
    given,
    ...(usedFamily ? { usedFamily } : {}),
    birthPlace,
    nir,
    insStatus: random.draw(STATUSES),
    home,
    phones: phones(random, age, home.commune.department),
    ...emailOf(random, age, birthDate, given[0]!, usedFamily ?? family),
    ...treatingDoctor(group, random, home.commune.department),
    establishment,
  };
}

/** One to three given names, all kept on the official name (the INS identity carries them all). */
function givenNames(random: SeededRandom, sex: 'male' | 'female', age: number): string[] {
  const list = sex === 'female' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES;
  const roll = random.next();
  // Older generations were given more names.
  const count = roll < (age > 60 ? 0.35 : 0.5) ? 1 : roll < 0.85 ? 2 : 3;
  const names = [random.pick(list)];
  while (names.length < count) {
    const next = random.pick(list);
    if (!names.includes(next)) names.push(next);
  }
  return names;
}

/** Most married women use their spouse's name; some join both ("Durand-Martin"). */
function usedName(random: SeededRandom, sex: 'male' | 'female', age: number, family: string): string | undefined {
  const share = sex === 'male' ? 0.01 : age < 23 ? 0 : age < 35 ? 0.35 : 0.55;
  if (!random.chance(share)) return undefined;
  let spouse = random.pick(FAMILY_NAMES);
  if (spouse === family) spouse = random.pick(FAMILY_NAMES);
  if (spouse === family) return undefined;
  return random.chance(0.15) ? `${spouse}-${family}` : spouse;
}

/** Half are born in the department they are treated in, the rest anywhere in France, by population. */
function birthCommune(random: SeededRandom, establishment: SeedEstablishment): Commune {
  const commune = random.chance(0.5) ? drawCommune(random, establishment.commune.department) : drawCommune(random);
  return birthRegistrationPlace(random, commune);
}

/**
 * Patients live near where they are treated: mostly in the establishment's department,
 * some in the group's other departments, a few anywhere (holidays, relatives). Nursing
 * home residents mostly live at the home.
 */
function homeAddress(group: SeedGroup, random: SeededRandom, establishment: SeedEstablishment): Person['home'] {
  if (establishment.kind === 'nursing-home' && random.chance(0.7)) {
    const address = establishment.organization.address![0]!;
    return { line: address.line![0]!, commune: establishment.commune, postalCode: establishment.commune.postalCode };
  }
  const roll = random.next();
  const department = roll < 0.72 ? establishment.commune.department : roll < 0.92 ? random.pick(group.departments) : undefined;
  const commune = drawCommune(random, department);
  const postalCode = commune.postalCodes.length > 1 && random.chance(0.6) ? random.pick(commune.postalCodes) : commune.postalCode;
  return { line: streetLine(random), commune, postalCode };
}

function phones(random: SeededRandom, age: number, department: string): Person['phones'] {
  const list: Person['phones'] = [];
  // A child's number is a parent's mobile.
  if (age < 70 || random.chance(0.6)) list.push({ value: mobileNumber(random), use: 'mobile' });
  if (random.chance(age >= 65 ? 0.7 : 0.25) || list.length === 0) {
    // Overseas homes (rare: a holidaymaker) give their mobile only.
    if (!department.startsWith('97')) list.push({ value: landlineNumber(random, department), use: 'home' });
    else if (list.length === 0) list.push({ value: mobileNumber(random), use: 'mobile' });
  }
  return list;
}

function emailOf(random: SeededRandom, age: number, birthDate: string, given: string, family: string): { email?: string } {
  const share = age < 15 ? 0 : age < 65 ? 0.88 : age < 80 ? 0.55 : 0.2;
  if (!random.chance(share)) return {};
  const first = asciiSlug(given);
  const last = asciiSlug(family);
  const yy = birthDate.slice(2, 4);
  const local = random.pick([
    `${first}.${last}`,
    `${first}.${last}${yy}`,
    `${first[0]}${last}`,
    `${first}${last}`,
    `${last}.${first}`,
    `${first}-${last}${random.int(1, 99)}`,
  ]);
  return { email: `${local}@${random.draw(age >= 60 ? DOMAINS_OLDER : DOMAINS_YOUNGER)}` };
}

/** Almost everyone has declared a médecin traitant, usually one practising in their department. */
function treatingDoctor(group: SeedGroup, random: SeededRandom, department: string): { treatingDoctor?: SeedPractitioner } {
  if (!random.chance(0.95)) return {};
  const nearby = group.gpsByDepartment.get(department);
  return { treatingDoctor: random.pick(nearby && random.chance(0.9) ? nearby : group.generalPractitioners) };
}

/**
 * The IPP (identifiant permanent du patient) an establishment gave this patient: unique
 * within the establishment because it is a bijection of the patient's index (multiplying
 * by a number prime to 10 permutes 0…10⁹−1), offset per establishment so that one
 * person's IPPs differ from one establishment to the next. 10 digits.
 */
export function ippOf(index: number, establishment: SeedEstablishment): string {
  const salt = Number.parseInt(establishment.id.slice(0, 8), 16) % 1_000_000_000;
  const scrambled = (mulMod(index % 1_000_000_000, 387_420_489) + salt) % 1_000_000_000;
  return String(1_000_000_000 + scrambled);
}

/** (a × b) mod 10⁹ without leaving the exact range of doubles. */
function mulMod(a: number, b: number): number {
  const high = Math.floor(b / 100_000);
  const low = b % 100_000;
  return (((a * high) % 1_000_000_000) * 100_000 + a * low) % 1_000_000_000;
}

export function patientResource(chart: Chart, index: number): fhir4.Patient {
  const { person } = chart;
  const visited = new Set<SeedEstablishment>([person.establishment, ...chart.stays.map((stay) => stay.establishment)]);
  const identifier: fhir4.Identifier[] = [];
  // The INS may only be recorded once fetched from the INSi teleservice: statuses RECUP and QUAL.
  if (person.insStatus === 'QUAL' || person.insStatus === 'RECUP') {
    identifier.push({ use: 'official', type: { coding: [coding(IDENTIFIER_TYPE_FR, INS_NIR_TYPE_CODE)] }, system: INS_NIR_SYSTEM, value: person.nir });
  }
  for (const establishment of visited) {
    identifier.push({
      use: 'usual',
      type: { coding: [coding(IDENTIFIER_TYPE_V2, IPP_TYPE_CODE)] },
      system: ippSystem(establishment.finess),
      value: ippOf(index, establishment),
    });
  }
  const name: fhir4.HumanName[] = [{ use: 'official', family: person.family, given: person.given }];
  if (person.usedFamily) name.push({ use: 'usual', family: person.usedFamily, given: [person.given[0]!] });
  const telecom: fhir4.ContactPoint[] = person.phones.map((phone) => ({ system: 'phone', value: phone.value, use: phone.use }));
  if (person.email) telecom.push({ system: 'email', value: person.email });

  const patient: fhir4.Patient = {
    resourceType: 'Patient',
    id: person.id,
    meta: { lastUpdated: formatDateTime(Math.max(chart.latest, chart.start)) },
    extension: [birthPlaceExtension(person), identityStatusExtension(person.insStatus), ...deathExtension(chart)],
    identifier,
    name,
    telecom,
    gender: person.sex,
    birthDate: person.birthDate,
    address: [{ use: 'home', line: [person.home.line], city: person.home.commune.name, postalCode: person.home.postalCode, country: 'FRA' }],
    managingOrganization: reference('Organization', person.establishment.id, person.establishment.name),
  };
  if (chart.death) patient.deceasedDateTime = formatDateTime(chart.death.at);
  if (person.treatingDoctor) patient.generalPractitioner = [reference('Practitioner', person.treatingDoctor.id, person.treatingDoctor.display)];
  return patient;
}

function birthPlaceExtension(person: Person): fhir4.Extension {
  if ('country' in person.birthPlace) {
    return { url: BIRTH_PLACE_EXT, valueAddress: { city: person.birthPlace.country.city, country: person.birthPlace.country.iso3 } };
  }
  const commune = person.birthPlace.commune;
  return {
    url: BIRTH_PLACE_EXT,
    valueAddress: { city: commune.name, country: 'FRA', extension: [{ url: INSEE_CODE_EXT, valueCoding: coding(COMMUNE_SYSTEM, commune.insee) }] },
  };
}

function identityStatusExtension(status: IdentityStatus): fhir4.Extension {
  return { url: IDENTITY_RELIABILITY_EXT, extension: [{ url: IDENTITY_STATUS_SUB_EXT, valueCoding: coding(IDENTITY_STATUS_SYSTEM, status) }] };
}

/** Death declaration: where (the establishment, or the home commune's INSEE code), certified by whom, declared when. */
function deathExtension(chart: Chart): fhir4.Extension[] {
  const death = chart.death;
  if (!death) return [];
  const certifier = death.stay?.attending ?? chart.person.treatingDoctor ?? chart.group.generalPractitioners[0]!;
  const declaredOn = Math.min(death.at + chart.random.int(2, 30) * 3_600_000, chart.group.now);
  return [
    {
      url: DEATH_DECLARATION_EXT,
      extension: [
        { url: 'place', valueString: death.stay ? death.stay.establishment.name : chart.person.home.commune.insee },
        { url: 'certifier', valueReference: reference('Practitioner', certifier.id, certifier.display) },
        { url: 'declaredOn', valueDateTime: formatDateTime(declaredOn) },
      ],
    },
  ];
}
