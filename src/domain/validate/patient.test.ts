import { describe, expect, it } from 'vitest';
import { EXAMPLE_NIR, patientExample } from '../examples.ts';
import { makeNir } from '../nir.ts';
import { DEATH_DECLARATION_EXT, IDENTITY_RELIABILITY_EXT, INS_NIR_SYSTEM, ippSystem } from '../systems.ts';
import { validateResource, type Issue } from './index.ts';
import { TEXT_LIMITS } from './limits.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const validate = (input: unknown) => validateResource(input, { now: NOW });
const nirIdentifier = (value: string) => ({ system: INS_NIR_SYSTEM, value });
/** The issues at one expression. */
const at = (issues: Issue[], expression: string) => issues.filter((issue) => issue.expression.includes(expression));

describe('Patient', () => {
  it('accepts the example', () => {
    expect(validate(patientExample())).toEqual([]);
  });

  it('accepts a minimal patient', () => {
    expect(validate({ resourceType: 'Patient', name: [{ family: 'Martin' }] })).toEqual([]);
  });

  it('refuses what is not one JSON object', () => {
    for (const input of [[], [patientExample()], null, 'Patient', 42, undefined]) {
      expect(validate(input)).toEqual([expect.objectContaining({ code: 'structure', expression: ['Resource'] })]);
    }
  });

  it('refuses a missing or unsupported resourceType', () => {
    expect(validate({ name: [{ family: 'Martin' }] })).toEqual([expect.objectContaining({ code: 'required', expression: ['Resource.resourceType'] })]);
    for (const resourceType of ['Practitioner', 'Bundle', 'patient', 42, 'constructor', '__proto__']) {
      expect(validate({ resourceType })).toEqual([expect.objectContaining({ code: 'not-supported', expression: ['Resource.resourceType'] })]);
    }
  });

  it('refuses unknown elements, however they are named', () => {
    const issues = validate({ ...patientExample(), hobby: 'golf', contained: [], modifierExtension: [], constructor: {} });
    for (const name of ['hobby', 'contained', 'modifierExtension', 'constructor']) {
      expect(at(issues, `Patient.${name}`)).toEqual([expect.objectContaining({ code: 'structure' })]);
    }
    const nested = validate(patientExample({ name: [{ family: 'Martin', nickname: 'Marto' } as fhir4.HumanName] }));
    expect(nested).toEqual([expect.objectContaining({ code: 'structure', expression: ['Patient.name[0].nickname'] })]);
  });

  it('refuses __proto__ smuggled in parsed JSON', () => {
    const input = JSON.parse('{"resourceType":"Patient","name":[{"family":"Martin"}],"__proto__":{"admin":true}}');
    expect(validate(input)).toEqual([expect.objectContaining({ code: 'structure', expression: ['Patient.__proto__'] })]);
  });

  it('needs a name with a family', () => {
    expect(validate({ resourceType: 'Patient' })).toEqual([expect.objectContaining({ code: 'required', expression: ['Patient.name'] })]);
    expect(validate({ resourceType: 'Patient', name: [] })).toEqual([expect.objectContaining({ code: 'required', expression: ['Patient.name'] })]);
    expect(validate(patientExample({ name: [{ given: ['Camille'] }] }))).toEqual([expect.objectContaining({ code: 'required', expression: ['Patient.name'] })]);
  });

  it('refuses an impossible or future birth date', () => {
    expect(at(validate(patientExample({ birthDate: '1992-02-30' })), 'Patient.birthDate')).toEqual([expect.objectContaining({ code: 'value' })]);
    expect(at(validate(patientExample({ birthDate: '14/02/1992' })), 'Patient.birthDate')).toEqual([expect.objectContaining({ code: 'value' })]);
    const future = validate({ resourceType: 'Patient', name: [{ family: 'Martin' }], birthDate: '2027-01-01' });
    expect(future).toEqual([expect.objectContaining({ code: 'value', expression: ['Patient.birthDate'], diagnostics: expect.stringMatching(/future/) })]);
  });

  it('refuses a gender outside the value set', () => {
    expect(validate(patientExample({ gender: 'F' as 'female' }))).toContainEqual(
      expect.objectContaining({ code: 'code-invalid', expression: ['Patient.gender'] }),
    );
  });

  it('refuses an INS-NIR whose key is wrong', () => {
    const issues = validate(patientExample({ identifier: [nirIdentifier('292021305504275')] }));
    expect(issues).toEqual([
      expect.objectContaining({ code: 'value', expression: ['Patient.identifier[0].value'], diagnostics: expect.stringMatching(/key/) }),
    ]);
  });

  it('accepts a Corsican NIR and refuses it with the wrong key', () => {
    const nir = makeNir({ sex: 1, birthYear: 1950, birthMonth: 8, department: '2B', commune: 51, order: 40 });
    const corsican = { gender: 'male' as const, birthDate: '1950-08-03', identifier: [nirIdentifier(nir)] };
    expect(validate(patientExample(corsican))).toEqual([]);
    expect(validate(patientExample({ ...corsican, identifier: [nirIdentifier('1 50 08 2B 051 040 34')] }))).toEqual([]);
    const wrongKey = validate(patientExample({ ...corsican, identifier: [nirIdentifier('150082B05104035')] }));
    expect(wrongKey).toEqual([expect.objectContaining({ code: 'value', expression: ['Patient.identifier[0].value'] })]);
  });

  it('checks every INS-NIR, wherever it is in the list', () => {
    const issues = validate(patientExample({ identifier: [{ system: 'urn:other', value: 'x' }, nirIdentifier('29202'), nirIdentifier(EXAMPLE_NIR)] }));
    expect(issues).toEqual([
      expect.objectContaining({ code: 'value', expression: ['Patient.identifier[1].value'], diagnostics: expect.stringMatching(/length/) }),
    ]);
  });

  it('needs the NIR to agree with gender and birth date', () => {
    const wrongSex = validate(patientExample({ gender: 'male' }));
    expect(wrongSex).toEqual([expect.objectContaining({ code: 'value', expression: ['Patient.identifier[0].value', 'Patient.gender'] })]);
    const wrongYear = validate(patientExample({ birthDate: '1993-02-14' }));
    expect(wrongYear).toEqual([expect.objectContaining({ code: 'value', diagnostics: expect.stringMatching(/year/) })]);
    const wrongMonth = validate(patientExample({ birthDate: '1992-03-14' }));
    expect(wrongMonth).toEqual([expect.objectContaining({ code: 'value', diagnostics: expect.stringMatching(/month/) })]);
    expect(validate(patientExample({ gender: 'other' }))).toEqual([]);
    expect(validate(patientExample({ birthDate: '1992' }))).toEqual([]);
  });

  it('lets a special NIR month agree with any birth month', () => {
    const nir = makeNir({ sex: 2, birthYear: 1992, birthMonth: 31, department: '13', commune: 55, order: 42 });
    expect(validate(patientExample({ identifier: [nirIdentifier(nir)] }))).toEqual([]);
  });

  it('needs an IPP system to end with a valid FINESS', () => {
    const issues = validate(patientExample({ identifier: [{ system: ippSystem('130789010'), value: '1' }] }));
    expect(issues).toEqual([expect.objectContaining({ code: 'value', expression: ['Patient.identifier[0].system'] })]);
  });

  it('checks the INS identity status', () => {
    const status = (code: string) => ({
      url: IDENTITY_RELIABILITY_EXT,
      extension: [
        { url: 'identityStatus', valueCoding: { system: 'https://mos.esante.gouv.fr/NOS/TRE_R338-ModaliteIdentite/FHIR/TRE-R338-ModaliteIdentite', code } },
      ],
    });
    for (const code of ['PROV', 'RECUP', 'VALI', 'QUAL']) expect(validate(patientExample({ extension: [status(code)] }))).toEqual([]);
    expect(validate(patientExample({ extension: [status('OK')] }))).toEqual([
      expect.objectContaining({ code: 'code-invalid', expression: ['Patient.extension[0].extension[0].valueCoding.code'] }),
    ]);
    expect(
      validate(patientExample({ extension: [{ url: IDENTITY_RELIABILITY_EXT, extension: [{ url: 'validationDate', valueDate: '2024-01-01' }] }] })),
    ).toEqual([expect.objectContaining({ code: 'required', expression: ['Patient.extension[0].extension'] })]);
  });

  it('checks the death declaration', () => {
    const declaration = (certifier: string) => ({
      url: DEATH_DECLARATION_EXT,
      extension: [
        { url: 'place', valueString: '13055' },
        { url: 'certifier', valueReference: { reference: certifier } },
        { url: 'declaredOn', valueDateTime: '2024-11-20T10:00:00+01:00' },
      ],
    });
    const dead = { deceasedDateTime: '2024-11-19T22:10:00+01:00' };
    const id = '6f1d2c3b-4a59-4e8f-9a7b-0c1d2e3f4a5b';
    expect(validate(patientExample({ ...dead, extension: [declaration(`Practitioner/${id}`)] }))).toEqual([]);
    for (const wrong of [`Patient/${id}`, 'Practitioner/p1']) {
      const issues = validate(patientExample({ ...dead, extension: [declaration(wrong)] }));
      expect(issues.length, wrong).toBeGreaterThan(0);
      expect(issues.map((issue) => [issue.code, issue.expression[0]])).toEqual(
        issues.map(() => ['value', 'Patient.extension[0].extension[1].valueReference.reference']),
      );
    }
  });

  it('takes deceased as a boolean or a dateTime, not both, not before birth', () => {
    expect(validate(patientExample({ deceasedBoolean: true }))).toEqual([]);
    expect(validate(patientExample({ deceasedBoolean: true, deceasedDateTime: '2024-11-19' }))).toEqual([
      expect.objectContaining({ code: 'structure', expression: ['Patient.deceasedBoolean', 'Patient.deceasedDateTime'] }),
    ]);
    expect(validate(patientExample({ deceasedDateTime: '1990-01-01' }))).toEqual([
      expect.objectContaining({ code: 'invalid', expression: ['Patient.deceasedDateTime', 'Patient.birthDate'] }),
    ]);
  });

  it('checks emails, phones and postal codes', () => {
    const issues = validate(
      patientExample({
        telecom: [{ system: 'email', value: 'camille.lefevre' }, { system: 'phone', value: 'call me' }, { value: '0612345678' }],
        address: [{ postalCode: '1300' }, { postalCode: 'SW1A 1AA', country: 'GBR' }],
      }),
    );
    expect(issues.map((issue) => [issue.code, issue.expression[0]])).toEqual([
      ['value', 'Patient.telecom[0].value'],
      ['value', 'Patient.telecom[1].value'],
      ['required', 'Patient.telecom[2].system'],
      ['value', 'Patient.address[0].postalCode'],
    ]);
  });

  it('refuses malformed references', () => {
    const issues = validate(
      patientExample({
        generalPractitioner: [
          { reference: 'Practitioner/' },
          { reference: 'Patient/123' },
          { reference: 'https://evil.example/Practitioner/1' },
          // Vigie names what it holds with UUIDs: another id would reach a uuid column.
          { reference: 'Practitioner/not-a-uuid' },
        ],
        managingOrganization: { reference: `Organization/${'x'.repeat(65)}` },
      }),
    );
    expect(issues.map((issue) => issue.expression[0])).toEqual([
      'Patient.generalPractitioner[0].reference',
      'Patient.generalPractitioner[1].reference',
      'Patient.generalPractitioner[2].reference',
      'Patient.generalPractitioner[3].reference',
      'Patient.managingOrganization.reference',
    ]);
    expect(issues.every((issue) => issue.code === 'value')).toBe(true);
  });

  it('bounds the length of every text, by kind (limits.ts)', () => {
    const long = (n: number) => 'é'.repeat(n);
    const atLimit = patientExample({
      name: [{ family: long(TEXT_LIMITS.namePart), given: [long(TEXT_LIMITS.namePart)] }],
      address: [{ line: [long(TEXT_LIMITS.addressLine)], city: long(TEXT_LIMITS.addressPart), postalCode: '13005' }],
    });
    expect(validate(atLimit)).toEqual([]);
    const past = patientExample({
      name: [{ family: long(TEXT_LIMITS.namePart + 1), given: ['Zoé', long(1_000_000)] }],
      address: [{ line: [long(TEXT_LIMITS.addressLine + 1)], city: long(TEXT_LIMITS.addressPart + 1), postalCode: '13005' }],
      telecom: [{ system: 'email', value: `${long(TEXT_LIMITS.telecom)}@example.org` }],
      identifier: [{ system: 'urn:oid:1.2.250.1.71.4.2.7', value: long(TEXT_LIMITS.identifier + 1) }],
      text: { status: 'generated', div: `<div>${long(TEXT_LIMITS.narrative)}</div>` },
    });
    const issues = validate(past);
    expect(issues.map((issue) => [issue.code, issue.expression[0]])).toEqual([
      ['too-long', 'Patient.text.div'],
      ['too-long', 'Patient.identifier[0].value'],
      ['too-long', 'Patient.name[0].family'],
      ['too-long', 'Patient.name[0].given[1]'],
      ['too-long', 'Patient.telecom[0].value'],
      ['too-long', 'Patient.address[0].line[0]'],
      ['too-long', 'Patient.address[0].city'],
    ]);
    // The answer says the bound, never echoes the text.
    expect(JSON.stringify(issues).length).toBeLessThan(2_000);
  });

  it('refuses nulls, empty arrays, wrong JSON types and scripts in the narrative', () => {
    const issues = validate({
      ...patientExample(),
      gender: null,
      telecom: [],
      address: { city: 'Marseille' },
      name: [{ family: 'Martin', given: 'Paul' }],
      text: { status: 'generated', div: '<div><img src=x onerror="alert(1)"></div>' },
    });
    expect(issues.map((issue) => [issue.code, issue.expression[0]])).toEqual([
      ['value', 'Patient.text.div'],
      ['structure', 'Patient.name[0].given'],
      ['structure', 'Patient.telecom'],
      ['structure', 'Patient.gender'],
      ['structure', 'Patient.address'],
    ]);
  });

  it('collects every problem at once', () => {
    const issues = validate({
      resourceType: 'Patient',
      name: [{ given: ['X'] }],
      birthDate: '2024-02-30',
      gender: 'F',
      identifier: [nirIdentifier('292021305504275')],
      hobby: 'golf',
    });
    expect(issues.map((issue) => issue.code).sort()).toEqual(['code-invalid', 'required', 'structure', 'value', 'value']);
  });

  it('caps the answer to a hostile body', () => {
    const issues = validate({ ...patientExample(), telecom: Array.from({ length: 500 }, () => ({ system: 'email', value: 'x' })) });
    expect(issues).toHaveLength(101);
    expect(issues.at(-1)?.diagnostics).toMatch(/400 more/);
  });

  it('refuses structures nested too deeply', () => {
    let reference: Record<string, unknown> = { display: 'x' };
    for (let i = 0; i < 2000; i++) reference = { identifier: { assigner: reference } };
    const issues = validate(patientExample({ managingOrganization: reference as fhir4.Reference }));
    expect(issues).toEqual([expect.objectContaining({ code: 'structure', diagnostics: expect.stringMatching(/too deeply/) })]);
  });
});
