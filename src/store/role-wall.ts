import type { Sql } from './database.ts';
import { GATE_CLAIM } from './gate-claim.ts';
import { GATE_ROLE, WORKING_ROLES, type RoleRequest } from './database-roles.ts';
import { LOGIN_CLAIM } from './login-claim.ts';

/**
 * No statement sent on a connection that works as the application's role changes who it
 * works as: only the drivers do, for a transaction asked to work as one of Vigie's roles
 * (`transaction(work, role)`, `switchRole`), which code names and the import rules govern.
 * Without this wall, `RESET ROLE` would return an embedded database's connection to its
 * superuser, and `SET ROLE`, `set_config('role', …)` or a DO block would take any role
 * the login may: the database's rights would be a convention that SQL text could undo.
 */

/** A statement that starts with one of these, or names one of these functions, may change the role or run unseen SQL. */
const STATEMENT_CHANGING_ROLE = /(?:^|;)\s*(?:RESET|DO|SET\s+(?!TRANSACTION\b))/i;
const ROLE_FUNCTIONS = /\b(?:set_config|dblink\w*)\b|\bSESSION\s+AUTHORIZATION\b|\bU&/i;

export class RoleChangeRefused extends Error {}

/** The statement a driver sends to work the rest of a transaction as `role`: a role named, or the gate's by its claim. */
export function setLocalRole(role: RoleRequest): string {
  if (role === GATE_CLAIM) return `SET LOCAL ROLE ${GATE_ROLE}`;
  if (role === LOGIN_CLAIM) return 'SET LOCAL ROLE NONE';
  if (!WORKING_ROLES.has(role)) throw new RoleChangeRefused(`Not a role a transaction may be worked as by name: ${String(role)}`);
  return `SET LOCAL ROLE ${role}`;
}

/** The same connection, every statement checked first. */
export function keepingRole<S extends Sql>(sql: S): S {
  return {
    ...sql,
    query: async <T>(text: string, params?: readonly unknown[]) => {
      assertKeepsRole(text);
      return sql.query<T>(text, params);
    },
  };
}

export function assertKeepsRole(text: string): void {
  if (keepingTexts.has(text)) return;
  const code = withoutLiteralsAndComments(text);
  if (STATEMENT_CHANGING_ROLE.test(code) || ROLE_FUNCTIONS.test(code)) {
    throw new RoleChangeRefused('This connection works as the application role and may not change role, session or settings');
  }
  if (keepingTexts.size < KEEPING_TEXTS_MAX) keepingTexts.add(text);
}

/**
 * Texts already found to keep the role: the same statement is sent again and again (its
 * parameters apart), and reading it once is enough. Bounded, as the drivers' named
 * statements are: a text built with a varying list is read every time past it.
 */
const keepingTexts = new Set<string>();
const KEEPING_TEXTS_MAX = 4000;

/**
 * The statement's code alone: string literals, dollar-quoted bodies and comments removed
 * (what they hold is data, never a statement), double quotes dropped so that a quoted
 * name reads as itself.
 */
export function withoutLiteralsAndComments(text: string): string {
  let code = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
    const skipped = rest.startsWith('--')
      ? skipTo(text, i, '\n')
      : rest.startsWith('/*')
        ? skipComment(text, i)
        : text[i] === "'"
          ? skipQuoted(text, i)
          : dollar
            ? skipTo(text, i + dollar[0].length, dollar[0])
            : undefined;
    if (skipped !== undefined) {
      code += ' ';
      i = skipped;
    } else {
      if (text[i] !== '"') code += text[i];
      i++;
    }
  }
  return code;
}

const skipTo = (text: string, from: number, end: string): number => {
  const at = text.indexOf(end, from);
  return at < 0 ? text.length : at + end.length;
};

/** Block comments nest in PostgreSQL. */
function skipComment(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return i;
}

/** A '…' literal, '' inside it a quote; a backslash escapes only in E'…' (standard_conforming_strings, the default). */
function skipQuoted(text: string, from: number): number {
  const escapes = /(?:^|[^A-Za-z0-9_$])[eE]$/.test(text.slice(0, from));
  let i = from + 1;
  while (i < text.length) {
    if (escapes && text[i] === '\\') i += 2;
    else if (text[i] === "'" && text[i + 1] === "'") i += 2;
    else if (text[i] === "'") return i + 1;
    else i++;
  }
  return i;
}
