import type { components, paths } from './types.gen.ts';

/**
 * The API's answers as its routes' schemas describe them (GET /api/openapi.json, turned
 * into types.gen.ts by scripts/openapi-types.ts): the pages never keep a copy of their own.
 */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** What a route answers when it succeeds (200, or 201 for what it creates). */
export type Answer<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'delete'> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : never
  : never;
