import { describe, expect, it } from 'vitest';
import {
  allergyIntoleranceExample,
  conditionExample,
  coverageExample,
  documentReferenceExample,
  encounterExample,
  everyExample,
  medicationRequestExample,
  observationExample,
  serviceRequestExample,
} from '../examples.ts';
import { CLINICAL_TYPES, LOINC, LOINC_BLOOD_GROUP, LOINC_DELIVERY_DATE, LOINC_PREGNANCY_STATUS, SNOMED, SNOMED_PREGNANT } from '../systems.ts';
import { SUPPORTED_WRITE_TYPES, validateResource, type Issue } from './index.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const validate = (input: unknown) => validateResource(input, { now: NOW });
/** [code, first expression] of each issue, for compact assertions. */
const found = (issues: Issue[]) => issues.map((issue) => [issue.code, issue.expression[0]]);
/** A copy of `resource` with `changes` applied (undefined deletes). */
function edit<T extends object>(resource: T, changes: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...(resource as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return copy as T;
}

describe('every supported type', () => {
  it('is Patient and the clinical types', () => {
    expect(SUPPORTED_WRITE_TYPES).toEqual(['Patient', ...CLINICAL_TYPES]);
  });

  it('has an example that passes with no issue', () => {
    const examples = everyExample();
    expect(examples.map((resource) => resource.resourceType)).toEqual([...SUPPORTED_WRITE_TYPES]);
    for (const resource of examples) expect(validate(resource), resource.resourceType).toEqual([]);
  });

  it('gives fresh objects', () => {
    const first = encounterExample();
    first.status = 'finished';
    expect(encounterExample().status).toBe('in-progress');
  });

  it.each([
    ['Encounter', 'subject'],
    ['Condition', 'subject'],
    ['AllergyIntolerance', 'patient'],
    ['MedicationRequest', 'subject'],
    ['ServiceRequest', 'subject'],
    ['Observation', 'subject'],
    ['Coverage', 'beneficiary'],
    ['DocumentReference', 'subject'],
  ])('%s needs its patient in %s', (type, element) => {
    const example = everyExample().find((resource) => resource.resourceType === type)!;
    expect(found(validate(edit(example, { [element]: undefined })))).toEqual([['required', `${type}.${element}`]]);
    expect(found(validate(edit(example, { [element]: { display: 'Camille Lefèvre' } })))).toEqual([['required', `${type}.${element}.reference`]]);
    expect(found(validate(edit(example, { [element]: { reference: 'Practitioner/abc' } })))).toEqual([['value', `${type}.${element}.reference`]]);
    expect(found(validate(edit(example, { [element]: { reference: 'Patient/a b' } })))).toEqual([['value', `${type}.${element}.reference`]]);
    expect(found(validate(edit(example, { [element]: 'Patient/abc' })))).toEqual([['structure', `${type}.${element}`]]);
  });

  it.each(CLINICAL_TYPES)('%s refuses unknown elements and contained resources', (type) => {
    const example = everyExample().find((resource) => resource.resourceType === type)!;
    expect(found(validate(edit(example, { colour: 'blue', contained: [{ resourceType: 'Patient' }] })))).toEqual([
      ['structure', `${type}.colour`],
      ['structure', `${type}.contained`],
    ]);
  });
});

describe('Encounter', () => {
  it('takes the statuses and classes of the data model', () => {
    expect(validate({ ...encounterExample(), status: 'finished', period: { start: '2024-11-18', end: '2024-11-20' } })).toEqual([]);
    const issues = validate({ ...encounterExample(), status: 'planned', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HH' } });
    expect(found(issues)).toEqual([
      ['code-invalid', 'Encounter.status'],
      ['code-invalid', 'Encounter.class.code'],
    ]);
    expect(found(validate({ ...encounterExample(), class: { code: 'IMP' } }))).toEqual([['code-invalid', 'Encounter.class.system']]);
    expect(found(validate(edit(encounterExample(), { class: undefined })))).toEqual([['required', 'Encounter.class']]);
  });

  it('refuses a period that ends before it starts, or a bad date', () => {
    expect(found(validate({ ...encounterExample(), period: { start: '2024-11-20T08:00:00+01:00', end: '2024-11-19T08:00:00+01:00' } }))).toEqual([
      ['invalid', 'Encounter.period.start'],
    ]);
    expect(found(validate({ ...encounterExample(), period: { start: '2024-11-31T08:00:00+01:00' } }))).toEqual([['value', 'Encounter.period.start']]);
    expect(found(validate({ ...encounterExample(), period: { start: '2024-11-18T08:00:00' } }))).toEqual([['value', 'Encounter.period.start']]);
  });

  it('takes a future stay (planned admissions are booked ahead)', () => {
    expect(validate({ ...encounterExample(), period: { start: '2027-01-10T08:00:00+01:00' } })).toEqual([]);
  });
});

describe('Condition', () => {
  it('needs a code, and checks CIM-10 codes and statuses', () => {
    expect(found(validate(edit(conditionExample(), { code: undefined })))).toEqual([['required', 'Condition.code']]);
    const issues = validate({
      ...conditionExample(),
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'hypertension' }] },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'remission' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'diagnosis' }] }],
      recordedDate: '2024-02-30',
    });
    expect(found(issues)).toEqual([
      ['code-invalid', 'Condition.clinicalStatus.coding[0].code'],
      ['code-invalid', 'Condition.category[0].coding[0].code'],
      ['code-invalid', 'Condition.code.coding[0].code'],
      ['value', 'Condition.recordedDate'],
    ]);
  });

  it('accepts CIM-10 codes with and without the dot', () => {
    for (const code of ['E11.9', 'E119', 'K35.8', 'U07.1']) {
      expect(validate({ ...conditionExample(), code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code }] } })).toEqual([]);
    }
  });

  it('needs a clinical status from its code system', () => {
    expect(found(validate({ ...conditionExample(), clinicalStatus: { text: 'active' } }))).toEqual([['code-invalid', 'Condition.clinicalStatus.coding']]);
  });
});

describe('AllergyIntolerance', () => {
  it('checks type, category, criticality, reactions and ATC codes', () => {
    const issues = validate({
      ...allergyIntoleranceExample(),
      type: 'side-effect',
      category: ['medication', 'drug'],
      criticality: 'medium',
      code: { text: 'tramadol', coding: [{ system: 'http://www.whocc.no/atc', code: 'tramadol' }] },
      reaction: [{ severity: 'moderate' }],
    });
    expect(found(issues)).toEqual([
      ['code-invalid', 'AllergyIntolerance.type'],
      ['code-invalid', 'AllergyIntolerance.category[1]'],
      ['code-invalid', 'AllergyIntolerance.criticality'],
      ['code-invalid', 'AllergyIntolerance.code.coding[0].code'],
      ['required', 'AllergyIntolerance.reaction[0].manifestation'],
    ]);
  });

  it('needs a note to have its text', () => {
    expect(found(validate({ ...allergyIntoleranceExample(), note: [{ authorString: 'Dr Martin' }] }))).toEqual([
      ['required', 'AllergyIntolerance.note[0].text'],
    ]);
  });
});

describe('MedicationRequest', () => {
  it('needs a medication, an intent and a status', () => {
    const issues = validate(edit(medicationRequestExample(), { medicationCodeableConcept: undefined, intent: undefined, status: undefined }));
    expect(found(issues)).toEqual([
      ['required', 'MedicationRequest.status'],
      ['required', 'MedicationRequest.intent'],
      ['required', 'MedicationRequest.medicationCodeableConcept'],
    ]);
  });

  it('refuses a medication by reference (not stored) and unknown dosage elements', () => {
    const issues = validate({
      ...medicationRequestExample(),
      medicationReference: { reference: 'Medication/1' },
      dosageInstruction: [{ text: '1 cp', doseAndRate: [] }],
      intent: 'wish',
    });
    expect(found(issues)).toEqual([
      ['structure', 'MedicationRequest.medicationReference'],
      ['code-invalid', 'MedicationRequest.intent'],
      ['structure', 'MedicationRequest.dosageInstruction[0].doseAndRate'],
    ]);
  });
});

describe('ServiceRequest', () => {
  it('checks LOINC codes and the performer', () => {
    const issues = validate({
      ...serviceRequestExample(),
      code: { coding: [{ system: 'http://loinc.org', code: '24323' }] },
      performer: [{ reference: 'Laboratory/1' }],
    });
    expect(found(issues)).toEqual([
      ['code-invalid', 'ServiceRequest.code.coding[0].code'],
      ['value', 'ServiceRequest.performer[0].reference'],
    ]);
  });
});

describe('Observation', () => {
  const coded = (loinc: string, value: Record<string, unknown>) => ({
    ...edit(observationExample(), { valueQuantity: undefined, referenceRange: undefined }),
    code: { coding: [{ system: LOINC, code: loinc }] },
    ...value,
  });

  it('takes blood group, pregnancy and expected delivery date', () => {
    expect(validate(coded(LOINC_BLOOD_GROUP, { valueCodeableConcept: { coding: [{ system: SNOMED, code: '278149003' }], text: 'A+' } }))).toEqual([]);
    expect(validate(coded(LOINC_PREGNANCY_STATUS, { valueCodeableConcept: { coding: [{ system: SNOMED, code: SNOMED_PREGNANT }] } }))).toEqual([]);
    expect(validate(coded(LOINC_DELIVERY_DATE, { valueDateTime: '2027-04-02' }))).toEqual([]);
    expect(validate(coded('8310-5', { valueString: 'apyrétique' }))).toEqual([]);
  });

  it('needs a coded code and exactly one value', () => {
    expect(found(validate(coded('2823-3', {})))).toEqual([['required', 'Observation.value[x]']]);
    expect(found(validate(coded('2823-3', { valueString: '4.2', valueDateTime: '2024-11-18' })))).toEqual([['structure', 'Observation.valueDateTime']]);
    expect(found(validate({ ...observationExample(), code: { text: 'potassium' } }))).toEqual([['required', 'Observation.code.coding']]);
    expect(found(validate(edit(observationExample(), { code: undefined })))).toEqual([['required', 'Observation.code']]);
    expect(found(validate(coded('2823-3', { valueBoolean: true })))).toEqual([
      ['structure', 'Observation.valueBoolean'],
      ['required', 'Observation.value[x]'],
    ]);
  });

  it('needs a numeric value in a quantity', () => {
    expect(found(validate({ ...observationExample(), valueQuantity: { unit: 'mmol/L' } }))).toEqual([['required', 'Observation.valueQuantity.value']]);
    expect(found(validate({ ...observationExample(), valueQuantity: { value: '4.2' } }))).toEqual([['value', 'Observation.valueQuantity.value']]);
    expect(found(validate({ ...observationExample(), valueQuantity: { value: 4.2, code: 'mmol/L' } }))).toEqual([
      ['required', 'Observation.valueQuantity.system'],
    ]);
  });

  it('checks status and category', () => {
    const issues = validate({
      ...observationExample(),
      status: 'done',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'lab' }] }],
    });
    expect(found(issues)).toEqual([
      ['code-invalid', 'Observation.status'],
      ['code-invalid', 'Observation.category[0].coding[0].code'],
    ]);
  });
});

describe('Coverage', () => {
  it('needs a payor and an AMO subscriber NIR with a valid key', () => {
    expect(found(validate(edit(coverageExample(), { payor: undefined })))).toEqual([['required', 'Coverage.payor']]);
    expect(found(validate({ ...coverageExample(), subscriberId: '292021305504275' }))).toEqual([['value', 'Coverage.subscriberId']]);
  });

  it('takes any member number for an AMC, and only AMO or AMC', () => {
    const amc = { system: 'https://vigie.health/fhir/CodeSystem/coverage-kind', code: 'AMC' };
    expect(validate({ ...coverageExample(), type: { coding: [amc] }, subscriberId: 'MUT-998877', payor: [{ display: 'Mutuelle Générale' }] })).toEqual([]);
    expect(found(validate({ ...coverageExample(), type: { coding: [{ ...amc, code: 'CMU' }] } }))).toEqual([['code-invalid', 'Coverage.type.coding[0].code']]);
  });
});

describe('DocumentReference', () => {
  it('needs valid base64 with its content type', () => {
    const note = documentReferenceExample();
    const attachment = (value: Record<string, unknown>) => ({ ...note, content: [{ attachment: value }] });
    expect(found(validate(attachment({ contentType: 'text/plain', data: 'not base64!' })))).toEqual([
      ['value', 'DocumentReference.content[0].attachment.data'],
    ]);
    expect(found(validate(attachment({ data: 'aGVsbG8=' })))).toEqual([['required', 'DocumentReference.content[0].attachment.contentType']]);
    expect(found(validate({ ...note, content: [{}] }))).toEqual([['value', 'DocumentReference.content[0]']]);
    expect(found(validate(edit(note, { content: undefined })))).toEqual([['required', 'DocumentReference.content']]);
  });

  it('round-trips UTF-8 text', () => {
    const note = documentReferenceExample(undefined, undefined, 'Intolérance tramadol et acupan : vomissements');
    expect(Buffer.from(note.content[0]!.attachment.data!, 'base64').toString('utf8')).toBe('Intolérance tramadol et acupan : vomissements');
  });

  it('needs an instant as date and a status from its value set', () => {
    expect(found(validate({ ...documentReferenceExample(), date: '2024-11-18', status: 'draft' }))).toEqual([
      ['code-invalid', 'DocumentReference.status'],
      ['value', 'DocumentReference.date'],
    ]);
  });
});
