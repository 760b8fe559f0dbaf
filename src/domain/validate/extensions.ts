import { clip, isObject, report, type Check } from './checks.ts';
import type { EXTENSION_VALUES } from './datatypes.ts';

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
      if (!rule)
        return report(context, 'structure', `${path}.url`, `${name} has no sub-extension '${clip(sub.url)}' (known: ${Object.keys(parts).join(', ')})`);
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
