/** Small builders for the FHIR elements every generated resource repeats. */

export type WithId<T> = T & { id: string };

export function reference(type: string, id: string, display?: string): fhir4.Reference {
  return display === undefined ? { reference: `${type}/${id}` } : { reference: `${type}/${id}`, display };
}

export function coding(system: string, code: string, display?: string): fhir4.Coding {
  return display === undefined ? { system, code } : { system, code, display };
}

/** A CodeableConcept with one coding, and a text when the coding's display is not what a French reader sees. */
export function concept(system: string, code: string, display?: string, text?: string): fhir4.CodeableConcept {
  const result: fhir4.CodeableConcept = { coding: [coding(system, code, display)] };
  if (text !== undefined) result.text = text;
  return result;
}

/** UTF-8 text as a FHIR base64Binary. */
export function base64Text(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
