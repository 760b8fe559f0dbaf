import { Type, type Static, type TObject, type TProperties, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * The building blocks of the routes' schemas (TypeBox, JSON Schema underneath): they check
 * the shape of what arrives before any handler runs, describe each route in
 * /api/openapi.json, and type the handlers' input.
 */

/** A JSON object with exactly these fields: an unknown one is a 400 naming it, never silently dropped. */
export const Body = <T extends TProperties>(properties: T, description?: string): TObject<T> =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

/** One of a few strings, as a JSON Schema `enum`: one error naming them all, and a union type for clients. */
export const OneOf = <const T extends string>(values: readonly T[], description?: string): TUnsafe<T> =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

/** What each pattern means, in the words a refusal uses (src/api/input/schema-errors.ts). */
export const PATTERN_MEANINGS = new Map<string, string>();

/** Text of a form, named: a refusal says `must be ${meaning}`. */
export const Patterned = (pattern: string, meaning: string) => {
  PATTERN_MEANINGS.set(pattern, meaning);
  return (options: { description?: string; maxLength?: number } = {}) => Type.String({ pattern, ...options });
};

/** A UUID, the only kind of id Vigie assigns (src/domain/uuid.ts); any case, handlers lower it. */
const UuidText = Patterned('^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', 'an id (UUID)');
export const Uuid = (description?: string) => UuidText(description ? { description } : {});

export const Base64url = Patterned('^[A-Za-z0-9_-]+$', 'base64url text');

/** A SHA-256 or an HMAC-SHA-256, in hexadecimal. */
export const Hex256 = Patterned('^[0-9a-f]{64}$', '64 lower-case hexadecimal digits');

export const IdParams = (what: string) => Type.Object({ id: Uuid(`The ${what}'s id`) }, { additionalProperties: false });

/** An instant as JSON carries it: ISO 8601 text. */
export const Instant = Type.String({ description: 'ISO 8601 date-time' });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Every refusal: a FHIR OperationOutcome (src/api/outcome.ts). */
export const Outcome = Type.Object(
  {
    resourceType: Type.Literal('OperationOutcome'),
    issue: Type.Array(
      Type.Object({
        severity: OneOf(['error', 'warning', 'information']),
        code: Type.String(),
        diagnostics: Type.String(),
        expression: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  },
  { $id: 'OperationOutcome', description: 'A refusal, with its reason (FHIR R4 OperationOutcome)' },
);

const REFUSED = { '4XX': Type.Unsafe<Static<typeof Outcome>>(Type.Ref(Outcome.$id!)) };

/** The answers of a route: what it answers with `status`, or a refusal. */
export const answers = <T extends TSchema, S extends number = 200>(ok: T, status?: S) => ({ [status ?? 200]: ok, ...REFUSED }) as Record<S, T> & typeof REFUSED;

/** A 204: done, nothing to say. */
export const NO_CONTENT = { 204: Type.Unsafe<undefined>({ type: 'null', description: 'Done' }), ...REFUSED };
