import { clip } from '../../domain/validate/checks.ts';

/**
 * Text Vigie refuses wherever it comes from (path, query, headers, bodies): a NUL
 * character, which PostgreSQL cannot store in text and C-based tools read as the end of
 * a string, and invalid UTF-16 (a lone surrogate), which cannot be written as UTF-8 and
 * so cannot be stored, indexed or exported faithfully (DESIGN.md invariant 8).
 */
// eslint-disable-next-line no-control-regex -- NUL is the character refused.
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with `text`, in words, or undefined when it may be kept. */
export function unsafeCharacter(text: string): string | undefined {
  const found = UNSAFE.exec(text);
  if (!found) return undefined;
  return found[0] === '\u0000' ? 'a NUL character' : 'invalid Unicode (a lone surrogate)';
}

/** Keys a JSON body must not carry: they reach Object.prototype when copied carelessly. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface UnsafeValue {
  /** Where, as a JSON path (`name[0].family`). */
  at: string;
  problem: string;
}

/**
 * The first unsafe string (or key) in a parsed JSON value. Iterative, so that a body
 * nested a hundred thousand levels deep cannot exhaust the stack.
 */
export function firstUnsafeValue(value: unknown, root = 'body'): UnsafeValue | undefined {
  const pending: Array<[unknown, string]> = [[value, root]];
  while (pending.length > 0) {
    const [item, at] = pending.pop()!;
    if (typeof item === 'string') {
      const problem = unsafeCharacter(item);
      if (problem) return { at: clip(at, 120), problem };
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index--) pending.push([item[index], `${at}[${index}]`]);
    } else if (item !== null && typeof item === 'object') {
      for (const key of Object.keys(item).reverse()) {
        const problem = PROTOTYPE_KEYS.has(key) ? `the key '${key}'` : unsafeCharacter(key);
        if (problem) return { at: clip(`${at}.${printable(key)}`, 120), problem };
        pending.push([(item as Record<string, unknown>)[key], `${at}.${key}`]);
      }
    }
  }
  return undefined;
}

/** A key as it may be shown in an answer: without the characters that made it unsafe. */
function printable(key: string): string {
  return key.replace(new RegExp(UNSAFE.source, 'g'), '\uFFFD');
}
