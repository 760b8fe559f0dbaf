import {
  boolean,
  clip,
  code,
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
  optional,
  positiveInt,
  report,
  required,
  string,
  unsignedInt,
  uri,
  type Check,
  type Invariant,
  type Shape,
} from './checks.ts';
import { address, annotation, attachment, codeableConcept, coding, contactPoint, humanName, identifier, period, quantity, reference } from './datatypes.ts';

/**
 * FHIR extensions (R4 §2.1.28.2): a url, and either one value[x] or sub-extensions.
 * Datatypes import `extension` back lazily, since every element may carry extensions.
 */

/** The types an extension's value[x] may take here. */
const EXTENSION_VALUES: Readonly<Record<string, Check>> = {
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
    if (values.length > 1) report(context, 'structure', values.map((name) => `${at}.${name}`), `${at} has more than one value[x]`);
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

/** One sub-extension of a complex extension: the value[x] it carries, and what else to check on that value. */
export interface SubExtensionRule {
  value: keyof typeof EXTENSION_VALUES;
  required?: boolean;
  check?: Check;
}

/**
 * A complex extension made of named sub-extensions (`identityStatus`, `certifier`…): only
 * those names, each with its value type; required ones present. Shapes were checked by
 * the generic extension rule, so this only adds what the definition says.
 */
export function complexExtension(name: string, parts: Readonly<Record<string, SubExtensionRule>>): Check {
  return (ext, at, context) => {
    if (!isObject(ext)) return;
    const subs = Array.isArray(ext.extension) ? ext.extension : [];
    if (ext.extension === undefined) report(context, 'required', `${at}.extension`, `${at} (${name}) needs its sub-extensions`);
    subs.forEach((sub, index) => {
      if (!isObject(sub) || typeof sub.url !== 'string') return;
      const path = `${at}.extension[${index}]`;
      const rule = Object.hasOwn(parts, sub.url) ? parts[sub.url] : undefined;
      if (!rule) return report(context, 'structure', `${path}.url`, `${name} has no sub-extension '${clip(sub.url)}' (known: ${Object.keys(parts).join(', ')})`);
      if (sub[rule.value] === undefined) return report(context, 'required', `${path}.${rule.value}`, `${name}.${sub.url} carries a ${rule.value}`);
      rule.check?.(sub[rule.value], `${path}.${rule.value}`, context);
    });
    for (const [url, rule] of Object.entries(parts)) {
      if (rule.required && !subs.some((sub) => isObject(sub) && sub.url === url)) {
        report(context, 'required', `${at}.extension`, `${name} needs its '${url}' sub-extension`);
      }
    }
  };
}
