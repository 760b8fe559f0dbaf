import type { IdentityStatus } from '../domain/systems.ts';
import type { SeedEstablishment } from './group.ts';
import type { Commune } from './places.ts';
import type { SeedPractitioner } from './practitioners.ts';
import type { BirthCountry } from './tables/people.ts';

/**
 * A patient's civil identity and contact details, French in every detail the 2024 and 2021
 * leaks exposed: birth and used names, sex, birth date and place, a NIR that agrees with
 * them (valid key), INS status, home address in a real commune with its postal code,
 * phones, e-mail, treating doctor.
 */
export interface Person {
  id: string;
  sex: 'male' | 'female';
  birthMs: number;
  birthDate: string;
  /** Age at the group's reference date. */
  age: number;
  family: string;
  given: string[];
  /** Nom d'usage (usually a married woman's), when different from the birth name. */
  usedFamily?: string;
  birthPlace: { commune: Commune } | { country: BirthCountry };
  nir: string;
  insStatus: IdentityStatus;
  home: { line: string; commune: Commune; postalCode: string };
  phones: Array<{ value: string; use: 'mobile' | 'home' }>;
  email?: string;
  treatingDoctor?: SeedPractitioner;
  establishment: SeedEstablishment;
}
