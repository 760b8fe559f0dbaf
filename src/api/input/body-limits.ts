const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The largest body each family of routes takes (first match of the path wins); past it,
 * a 413 OperationOutcome before any parsing. Bounded so that one request cannot hold a
 * worker's memory: the leaked sample weighed whole is the only large one.
 */
const BODY_LIMITS: ReadonlyArray<readonly [prefix: string, bytes: number]> = [
  // A leaked sample, as found (CSV, NDJSON): the security officer's attribution.
  ['/api/security/attribute', 16 * MiB],
  // FHIR resources, a DocumentReference with its attachment among them.
  ['/fhir/', 1 * MiB],
  // An export request may list up to 10,000 patient ids (MAX_LISTED_PATIENTS).
  ['/api/exports', 1 * MiB],
  // Everything else: sign-in, passkeys (16 KiB per field at most), notes, decisions.
  ['/', 128 * KiB],
];

export function bodyLimitOf(url: string): number {
  return BODY_LIMITS.find(([prefix]) => url.startsWith(prefix))![1];
}
