/**
 * Every code system, identifier system and extension URL Vigie writes or reads
 * (docs/data-model.md). French ones follow FR Core and the ANS terminologies (NOS).
 */
export const VIGIE = 'https://vigie.health/fhir';

// Identifiers
export const INS_NIR_SYSTEM = 'urn:oid:1.2.250.1.213.1.4.8';
export const RPPS_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.1';
export const FINESS_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.2';
export const ORDONNANCE_SYSTEM = `${VIGIE}/sid/ordonnance`;
export const ippSystem = (finess: string) => `${VIGIE}/sid/ipp/${finess}`;
export const IPP_SYSTEM_PREFIX = `${VIGIE}/sid/ipp/`;
export const IDENTIFIER_TYPE_FR = 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identifier-type';
export const INS_NIR_TYPE_CODE = 'INS-NIR';
export const IDENTIFIER_TYPE_V2 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
/** v2-0203 "PI": patient internal identifier, i.e. the IPP. */
export const IPP_TYPE_CODE = 'PI';

// Extensions
export const BIRTH_PLACE_EXT = 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace';
export const INSEE_CODE_EXT = 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code';
export const IDENTITY_RELIABILITY_EXT = 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability';
/** Death declaration: sub-extensions `place` (valueString), `certifier` (valueReference), `declaredOn` (valueDateTime). */
export const DEATH_DECLARATION_EXT = `${VIGIE}/StructureDefinition/death-declaration`;
export const ESTABLISHMENT_KIND_EXT = `${VIGIE}/StructureDefinition/establishment-kind`;
export const ESTABLISHMENT_KINDS = ['clinic', 'nursing-home', 'laboratory'] as const;
/** The identity-reliability sub-extension that carries the INS status. */
export const IDENTITY_STATUS_SUB_EXT = 'identityStatus';

// Code systems
export const COMMUNE_SYSTEM = 'https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM';
export const IDENTITY_STATUS_SYSTEM = 'https://mos.esante.gouv.fr/NOS/TRE_R338-ModaliteIdentite/FHIR/TRE-R338-ModaliteIdentite';
export const ORGANIZATION_LEVEL_SYSTEM = `${VIGIE}/CodeSystem/organization-level`;
export const ORGANIZATION_LEVELS = ['group', 'establishment', 'unit'] as const;
export const COVERAGE_KIND_SYSTEM = `${VIGIE}/CodeSystem/coverage-kind`;
export const PRACTITIONER_ROLE_SYSTEM = `${VIGIE}/CodeSystem/practitioner-role`;
/** AMO: statutory insurance (Assurance Maladie Obligatoire); AMC: complementary (mutuelle). */
export const COVERAGE_KINDS = ['AMO', 'AMC'] as const;
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
/** Encounter classes Vigie records: inpatient stay, ambulatory visit, emergency. */
export const ENCOUNTER_CLASSES = ['IMP', 'AMB', 'EMER'] as const;
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
/** The attending practitioner of an encounter. */
export const ATTENDER_CODE = 'ATND';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
export const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
export const ATC = 'http://www.whocc.no/atc';
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

export const IDENTITY_STATUSES = ['PROV', 'RECUP', 'VALI', 'QUAL'] as const;
export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];

// LOINC codes with a meaning of their own in Vigie
export const LOINC_BLOOD_GROUP = '882-1';
export const LOINC_PREGNANCY_STATUS = '82810-3';
export const LOINC_DELIVERY_DATE = '11778-8';
export const LOINC_PROGRESS_NOTE = '11506-3';

// SNOMED CT codes named in docs/data-model.md
export const SNOMED_LABORATORY_PROCEDURE = '108252007';
export const SNOMED_PREGNANT = '77386006';
export const SNOMED_NOT_PREGNANT = '60001007';

/** The resource types Vigie stores about patients, and the directory's. */
export const CLINICAL_TYPES = [
  'Encounter',
  'Condition',
  'AllergyIntolerance',
  'MedicationRequest',
  'ServiceRequest',
  'Observation',
  'Coverage',
  'DocumentReference',
  'CareTeam',
] as const;
export type ClinicalType = (typeof CLINICAL_TYPES)[number];
export const DIRECTORY_TYPES = ['Organization', 'Practitioner', 'PractitionerRole'] as const;
export type DirectoryResourceType = (typeof DIRECTORY_TYPES)[number];
