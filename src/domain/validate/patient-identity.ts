import { checkFiness } from '../finess.ts';
import { checkNir } from '../nir.ts';
import { INS_NIR_SYSTEM, IPP_SYSTEM_PREFIX } from '../systems.ts';
import { isObject, report, type Invariant, type Json } from './checks.ts';

/**
 * The French identity rules on a Patient (Référentiel national d'identitovigilance):
 * the NIR carries its own check key, and its sex, birth year and birth month must agree
 * with what the record says — a mismatch usually means the NIR of another person.
 */
export const nirAgreesWithIdentity: Invariant = (patient, at, context) => {
  identifiersOf(patient).forEach((identifier, index) => {
    if (identifier.system !== INS_NIR_SYSTEM || typeof identifier.value !== 'string') return;
    const path = `${at}.identifier[${index}].value`;
    const nir = checkNir(identifier.value);
    if (!nir.ok) return report(context, 'value', path, `The NIR is not valid: ${nir.reason}`);
    const { sex, year, month } = nir.parts;
    const gender = patient.gender;
    if ((gender === 'male' && sex !== 1) || (gender === 'female' && sex !== 2)) {
      report(context, 'value', [path, `${at}.gender`], `The NIR's sex digit (${sex}) does not agree with gender '${gender}' (1 male, 2 female)`);
    }
    const birth = typeof patient.birthDate === 'string' ? /^\d{2}(\d{2})(?:-(\d{2}))?/.exec(patient.birthDate) : null;
    if (!birth) return;
    if (birth[1] !== year) {
      report(context, 'value', [path, `${at}.birthDate`], `The NIR's birth year (${year}) does not agree with birthDate ${patient.birthDate}`);
    }
    // Months 20–42 and 50–99 stand for a month unknown at registration: they agree with any.
    if (birth[2] !== undefined && Number(month) <= 12 && birth[2] !== month) {
      report(context, 'value', [path, `${at}.birthDate`], `The NIR's birth month (${month}) does not agree with birthDate ${patient.birthDate}`);
    }
  });
};

/** An IPP system is `VIGIE/sid/ipp/<FINESS>`: the establishment that numbered the patient. */
export const ippNamesAnEstablishment: Invariant = (patient, at, context) => {
  identifiersOf(patient).forEach((identifier, index) => {
    if (typeof identifier.system !== 'string' || !identifier.system.startsWith(IPP_SYSTEM_PREFIX)) return;
    const finess = checkFiness(identifier.system.slice(IPP_SYSTEM_PREFIX.length));
    if (!finess.ok)
      report(context, 'value', `${at}.identifier[${index}].system`, `An IPP system ends with the establishment's FINESS number: ${finess.reason}`);
  });
};

function identifiersOf(resource: Json): Json[] {
  return Array.isArray(resource.identifier) ? resource.identifier.map((item) => (isObject(item) ? item : {})) : [];
}
