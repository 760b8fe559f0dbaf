/**
 * Typed refusals. The API turns each into a FHIR OperationOutcome with its HTTP status,
 * in one place (src/api/outcome.ts).
 */
export interface OutcomeIssue {
  severity: 'error' | 'warning' | 'information';
  code: string;
  diagnostics: string;
  expression?: string[];
}

export class RefusedError extends Error {
  constructor(
    readonly status: number,
    readonly issues: OutcomeIssue[],
  ) {
    super(issues.map((issue) => issue.diagnostics).join('; '));
  }
}

export const forbidden = (reason: string) => new RefusedError(403, [{ severity: 'error', code: 'forbidden', diagnostics: reason }]);

export const notFound = (what: string) => new RefusedError(404, [{ severity: 'error', code: 'not-found', diagnostics: `${what} not found` }]);

/**
 * No oracles (DESIGN invariant 10): an id that does not exist and one the actor may not
 * see get this one answer, which names the kind of thing asked for and never the id — the
 * same status, text and code whichever it was, so that a thief holding a list of ids
 * cannot sort the real ones out. A doctor or nurse may break the glass on it.
 */
export const notOpen = (what: string) =>
  new RefusedError(404, [{ severity: 'error', code: 'not-found', diagnostics: `${what} not found, or not open to you` }]);

export const invalid = (issues: OutcomeIssue[]) => new RefusedError(400, issues);

export const invalidParameter = (diagnostics: string, expression?: string) =>
  new RefusedError(400, [{ severity: 'error', code: 'invalid', diagnostics, ...(expression ? { expression: [expression] } : {}) }]);

export const versionConflict = (diagnostics: string) => new RefusedError(409, [{ severity: 'error', code: 'conflict', diagnostics }]);

/** The guard contained the actor: the same answer whichever detector it was (a honey record must not show). */
export const contained = () =>
  new RefusedError(403, [
    { severity: 'error', code: 'suspended', diagnostics: 'This account is suspended pending a security review; a security officer has been alerted' },
  ]);

/**
 * An act that needs a passkey proved in the last minutes (reinstating, approving an
 * export): the same issue code as the budget's step-up, so a client answers both alike.
 */
export const freshPasskeyNeeded = (what: string) =>
  new RefusedError(403, [
    { severity: 'error', code: 'security', diagnostics: `${what} needs a passkey step-up in the last 5 minutes (POST /api/me/step-up/options, then /verify)` },
  ]);

/** Past a soft line of the disclosure budget: a fresh passkey step-up lets the actor go on. */
export const stepUpNeeded = (why: string) =>
  new RefusedError(403, [
    { severity: 'error', code: 'security', diagnostics: `Confirm with your passkey to go on (POST /api/me/step-up/options, then /verify): ${why}` },
  ]);
