import { ATC, COMMUNE_SYSTEM, ICD10, LOINC, SNOMED } from '../systems.ts';
import {
  base64Binary,
  boolean,
  clip,
  code,
  codeIn,
  compareDates,
  date,
  dateTime,
  decimal,
  id,
  instant,
  integer,
  isObject,
  lazy,
  list,
  markdown,
  object,
  oneOf,
  optional,
  positiveInt,
  report,
  required,
  string,
  text,
  unsignedInt,
  uri,
  type Check,
  type Invariant,
  type Shape,
} from './checks.ts';
import { TEXT_LIMITS } from './limits.ts';

/**
 * FHIR R4 complex datatypes (§2.1.28.1), each with the elements R4 defines and the
 * invariants that matter to Vigie. Unknown elements inside them are refused too.
 */

const element: Shape = { id: optional(id), extension: list(lazy(() => extension)) };

/** A resource's own nested structure (Encounter.participant…): its elements plus id and extension. */
export function backboneElement(shape: Shape, ...invariants: Invariant[]): Check {
  return object({ ...element, ...shape }, ...invariants);
}

/** Code formats of the terminologies Vigie receives: a malformed code is a typo, not a new concept. */
const CODE_FORMATS: Readonly<Record<string, RegExp>> = {
  [LOINC]: /^\d{1,7}-\d$/,
  [ICD10]: /^[A-Z]\d{2}(?:\.?[0-9A-Z+]{1,5})?$/,
  [ATC]: /^[A-Z](?:\d{2}(?:[A-Z](?:[A-Z](?:\d{2})?)?)?)?$/,
  [SNOMED]: /^\d{6,18}$/,
  [COMMUNE_SYSTEM]: /^(?:\d{5}|2[AB]\d{3})$/,
};

/** A value set bound to an element: the system its codings use, and the codes allowed there. */
export interface Binding {
  system: string;
  codes?: readonly string[];
  /** A Coding must be from `system`; a CodeableConcept must carry at least one coding from it. */
  required?: boolean;
}

const codingFormat: Invariant = (coding, at, context) => {
  const format = typeof coding.system === 'string' ? CODE_FORMATS[coding.system] : undefined;
  if (format && typeof coding.code === 'string' && !format.test(coding.code)) {
    report(context, 'code-invalid', `${at}.code`, `${at}.code: '${clip(coding.code)}' is not a well-formed code of ${String(coding.system)}`);
  }
};

function bindingOf(binding: Binding | undefined): Invariant {
  return (coding, at, context) => {
    if (!binding) return;
    if (coding.system !== binding.system) {
      if (binding.required) report(context, 'code-invalid', `${at}.system`, `${at}.system must be ${binding.system}`);
      return;
    }
    if (binding.codes && !binding.codes.includes(coding.code as string)) {
      report(context, 'code-invalid', `${at}.code`, `${at}.code: '${clip(String(coding.code))}' is not one of ${binding.codes.join(' | ')}`);
    }
  };
}

/** Only the binding of a Coding (its shape checked elsewhere): for codings inside known extensions. */
export function codingIn(binding: Binding): Check {
  const bound = bindingOf({ ...binding, required: true });
  return (value, at, context) => {
    if (isObject(value)) bound(value, at, context);
  };
}

export function coding(binding?: Binding): Check {
  return object(
    { ...element, system: optional(uri), version: optional(string), code: optional(code), display: optional(string), userSelected: optional(boolean) },
    codingFormat,
    bindingOf(binding),
  );
}

export function codeableConcept(binding?: Binding, options: { requireCoding?: boolean } = {}): Check {
  const codingCheck = coding(binding && { ...binding, required: false });
  const needsCoding: Invariant = (concept, at, context) => {
    const codings = Array.isArray(concept.coding) ? concept.coding.filter(isObject) : [];
    if (options.requireCoding && codings.length === 0) report(context, 'required', `${at}.coding`, `${at} needs at least one coding`);
    else if (binding?.required && !codings.some((c) => c.system === binding.system)) {
      report(context, 'code-invalid', `${at}.coding`, `${at} needs a coding from ${binding.system}`);
    }
  };
  return object({ ...element, coding: list(codingCheck), text: optional(string) }, needsCoding);
}

/** Vigie names every resource it holds with a UUID: any other id cannot exist, and must not reach a uuid column. */
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A Reference; when `reference` is given it must be a relative `Type/id` to one of `types`. */
export function reference(...types: string[]): Check {
  return referenceTo(types, false);
}

/** A Reference that must name its target by `Type/id` (a patient subject, for instance). */
export function literalReference(...types: string[]): Check {
  return referenceTo(types, true);
}

function referenceTo(types: string[], literal: boolean): Check {
  return object(
    { ...element, reference: optional(string), type: optional(uri), identifier: optional(lazy(() => identifier)), display: optional(string) },
    referenceForm(types, literal),
  );
}

/** Only the literal target of a Reference (its shape checked elsewhere): for references inside known extensions. */
export function referenceTarget(...types: string[]): Check {
  const form = referenceForm(types, true);
  return (value, at, context) => {
    if (isObject(value)) form(value, at, context);
  };
}

/** Only the target of a Reference (its shape checked elsewhere): `Type/id`, Type among `types`. */
export function referenceForm(types: string[], literal: boolean): Invariant {
  const typePattern = types.length > 0 ? types.join('|') : '[A-Z][A-Za-z]+';
  const form = new RegExp(`^(?:${typePattern})/${UUID}$`);
  const expected = `${types.length > 0 ? types.join(' or ') : 'Type'}/<id>`;
  return (ref, at, context) => {
    if (ref.reference === undefined) {
      if (literal) report(context, 'required', `${at}.reference`, `${at}.reference is required (${expected})`);
    } else if (typeof ref.reference === 'string' && !form.test(ref.reference)) {
      report(context, 'value', `${at}.reference`, `${at}.reference: '${clip(ref.reference)}' must be ${expected}, the id a UUID`);
    }
  };
}

const periodOrder: Invariant = (period, at, context) => {
  if (typeof period.start === 'string' && typeof period.end === 'string' && compareDates(period.start, period.end) === 1) {
    report(context, 'invalid', [`${at}.start`, `${at}.end`], `${at} ends before it starts`);
  }
};
export const period = object({ ...element, start: optional(dateTime), end: optional(dateTime) }, periodOrder);

export const identifier: Check = object({
  ...element,
  use: optional(codeIn(['usual', 'official', 'temp', 'secondary', 'old'])),
  type: optional(codeableConcept()),
  system: optional(uri),
  value: optional(text(TEXT_LIMITS.identifier)),
  period: optional(period),
  assigner: optional(reference('Organization')),
});

/** qty-3: a coded unit needs its system. */
const unitSystem: Invariant = (quantity, at, context) => {
  if (quantity.code !== undefined && quantity.system === undefined) report(context, 'required', `${at}.system`, `${at}.system is required when code is given`);
};
export const quantity = object(
  {
    ...element,
    value: optional(decimal),
    comparator: optional(codeIn(['<', '<=', '>=', '>'])),
    unit: optional(string),
    system: optional(uri),
    code: optional(code),
  },
  unitSystem,
);

const namePart = text(TEXT_LIMITS.namePart);
export const humanName = object({
  ...element,
  use: optional(codeIn(['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden'])),
  text: optional(namePart),
  family: optional(namePart),
  given: list(namePart),
  prefix: list(namePart),
  suffix: list(namePart),
  period: optional(period),
});

/** French postal codes are 5 digits; a foreign address keeps its own format. */
const frenchPostalCode: Invariant = (address, at, context) => {
  const french = address.country === undefined || ['FRA', 'FR', 'France'].includes(address.country as string);
  if (french && typeof address.postalCode === 'string' && !/^\d{5}$/.test(address.postalCode)) {
    report(context, 'value', `${at}.postalCode`, `${at}.postalCode: '${clip(address.postalCode)}' is not a French postal code (5 digits)`);
  }
};
const addressLine = text(TEXT_LIMITS.addressLine);
const addressPart = text(TEXT_LIMITS.addressPart);
export const address = object(
  {
    ...element,
    use: optional(codeIn(['home', 'work', 'temp', 'old', 'billing'])),
    type: optional(codeIn(['postal', 'physical', 'both'])),
    text: optional(addressLine),
    line: list(addressLine),
    city: optional(addressPart),
    district: optional(addressPart),
    state: optional(addressPart),
    postalCode: optional(addressPart),
    country: optional(addressPart),
    period: optional(period),
  },
  frenchPostalCode,
);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{4,30}$/;
/** cpt-2 (a value needs its system), and the value must look like what the system says. */
const contactValue: Invariant = (contact, at, context) => {
  if (contact.value !== undefined && contact.system === undefined) report(context, 'required', `${at}.system`, `${at}.system is required when value is given`);
  if (typeof contact.value !== 'string') return;
  if (contact.system === 'email' && !EMAIL.test(contact.value)) {
    report(context, 'value', `${at}.value`, `${at}.value: '${clip(contact.value)}' is not an email address`);
  }
  if ((contact.system === 'phone' || contact.system === 'sms' || contact.system === 'fax') && !PHONE.test(contact.value)) {
    report(context, 'value', `${at}.value`, `${at}.value: '${clip(contact.value)}' is not a phone number`);
  }
};
export const contactPoint = object(
  {
    ...element,
    system: optional(codeIn(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other'])),
    value: optional(text(TEXT_LIMITS.telecom)),
    use: optional(codeIn(['home', 'work', 'temp', 'old', 'mobile'])),
    rank: optional(positiveInt),
    period: optional(period),
  },
  contactValue,
);

export const annotation = object(
  {
    ...element,
    authorReference: optional(reference('Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson', 'Organization')),
    authorString: optional(string),
    time: optional(dateTime),
    text: required(markdown),
  },
  oneOf(['authorReference', 'authorString']),
);

/** att-1: data needs its content type. */
const attachmentType: Invariant = (attachment, at, context) => {
  if (attachment.data !== undefined && attachment.contentType === undefined) {
    report(context, 'required', `${at}.contentType`, `${at}.contentType is required when data is given`);
  }
};
export const attachment = object(
  {
    ...element,
    contentType: optional(code),
    language: optional(code),
    data: optional(base64Binary),
    url: optional(uri),
    size: optional(unsignedInt),
    hash: optional(base64Binary),
    title: optional(string),
    creation: optional(dateTime),
  },
  attachmentType,
);

export const meta = object({
  ...element,
  versionId: optional(id),
  lastUpdated: optional(instant),
  source: optional(uri),
  profile: list(uri),
  security: list(coding()),
  tag: list(coding()),
});

/**
 * txt-1/txt-2: the narrative is XHTML in a <div>, with no scripts, frames, styles or event
 * handlers. Checked here because a narrative is stored and may one day be shown in a page.
 */
const UNSAFE_MARKUP = /<\s*(?:script|iframe|object|embed|style|link|meta|form)\b|\son[a-z]+\s*=|javascript:/i;
const narrativeDiv: Check = (value, at, context) => {
  if (typeof value === 'string' && value.length > TEXT_LIMITS.narrative)
    return report(context, 'too-long', at, `${at} has ${value.length} characters; at most ${TEXT_LIMITS.narrative}`);
  if (typeof value !== 'string' || !/^<div[\s>]/.test(value.trimStart())) {
    return report(context, 'value', at, `${at} must be an XHTML <div> element`);
  }
  if (UNSAFE_MARKUP.test(value)) report(context, 'value', at, `${at} contains scripts, frames, styles or event handlers, which FHIR narrative forbids`);
};
export const narrative = object({
  ...element,
  status: required(codeIn(['generated', 'extensions', 'additional', 'empty'])),
  div: required(narrativeDiv),
});

/**
 * FHIR extensions (R4 §2.1.28.2): a url, and either one value[x] or sub-extensions.
 * Here with the datatypes: every element may carry extensions, and an extension's value is a datatype.
 */

/** The types an extension's value[x] may take here. */
export const EXTENSION_VALUES: Readonly<Record<string, Check>> = {
  valueString: string,
  valueCode: code,
  valueBoolean: boolean,
  valueInteger: integer,
  valueDecimal: decimal,
  valueDate: date,
  valueDateTime: dateTime,
  valueInstant: instant,
  valueUri: uri,
  valueUrl: uri,
  valueCanonical: uri,
  valueId: id,
  valueMarkdown: markdown,
  valuePositiveInt: positiveInt,
  valueUnsignedInt: unsignedInt,
  valueCoding: lazy(() => coding()),
  valueCodeableConcept: lazy(() => codeableConcept()),
  valueReference: lazy(() => reference()),
  valueIdentifier: lazy(() => identifier),
  valuePeriod: lazy(() => period),
  valueQuantity: lazy(() => quantity),
  valueAddress: lazy(() => address),
  valueHumanName: lazy(() => humanName),
  valueContactPoint: lazy(() => contactPoint),
  valueAnnotation: lazy(() => annotation),
  valueAttachment: lazy(() => attachment),
};

/** What is known about particular extensions, by URL (checked after the generic shape). */
export type ExtensionRules = Readonly<Record<string, Check>>;

/**
 * An extension: a url, and either one value[x] or sub-extensions (ext-1). Extensions with
 * a URL we do not know are kept if well formed, as FHIR allows; known ones are checked
 * against `rules`.
 */
export function extensionWith(rules: ExtensionRules): Check {
  const valueNames = Object.keys(EXTENSION_VALUES);
  const shape: Shape = {
    id: optional(id),
    url: required(uri),
    extension: list(lazy(() => extension)),
    ...Object.fromEntries(valueNames.map((name) => [name, optional(EXTENSION_VALUES[name]!)])),
  };
  const valueOrChildren: Invariant = (ext, at, context) => {
    const values = valueNames.filter((name) => ext[name] !== undefined);
    if (values.length > 1)
      report(
        context,
        'structure',
        values.map((name) => `${at}.${name}`),
        `${at} has more than one value[x]`,
      );
    if (values.length > 0 && ext.extension !== undefined) report(context, 'structure', at, `${at} has both a value and sub-extensions (ext-1)`);
    if (values.length === 0 && ext.extension === undefined) report(context, 'required', `${at}.value[x]`, `${at} needs a value[x] or sub-extensions`);
  };
  const known: Invariant = (ext, at, context) => {
    const rule = typeof ext.url === 'string' && Object.hasOwn(rules, ext.url) ? rules[ext.url] : undefined;
    rule?.(ext, at, context);
  };
  return object(shape, valueOrChildren, known);
}

export const extension: Check = extensionWith({});
