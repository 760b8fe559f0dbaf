/**
 * Writes web/src/api/types.gen.ts, the API's types for the web application, from the
 * OpenAPI document the server publishes (GET /api/openapi.json): the pages read the
 * answers as the routes' schemas describe them, and test/openapi.test.ts fails when the
 * file is older than the schemas. After changing a route's schema:
 *
 *   npm run openapi:types
 *
 * The server is built without listening, on an empty in-memory database, with single
 * sign-on configured so that its routes are described too.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import prettier from 'prettier';
import { buildApp } from '../src/api/app.ts';
import { signerFromSeed } from '../src/ledger/signing-key.ts';
import { prepareStore } from '../src/runtime/open-store.ts';
import { openPglite } from '../src/store/pglite-driver.ts';

export const WEB_TYPES = fileURLToPath(new URL('../web/src/api/types.gen.ts', import.meta.url));

const SSO = {
  issuer: new URL('https://idp.example'),
  clientId: 'vigie',
  clientSecret: 'unused',
  redirectUri: new URL('https://vigie.example/api/auth/sso/callback'),
  scope: 'openid',
  acrValues: undefined,
  rppsClaim: 'rpps',
  strongAcr: [],
  strongAmr: [],
};

export async function openApiDocument(): Promise<OpenAPI3> {
  const store = await prepareStore(await openPglite(), randomBytes(32), signerFromSeed(randomBytes(32)));
  const app = await buildApp({ store, sso: SSO });
  try {
    await app.ready();
    return app.swagger() as OpenAPI3;
  } finally {
    await app.close();
    await store.close();
  }
}

/** The file's text, formatted as the repository formats it. */
export async function webTypes(document: OpenAPI3): Promise<string> {
  const header = '// Generated from GET /api/openapi.json by scripts/openapi-types.ts: do not edit.\n\n';
  const text = header + astToString(await openapiTS(document));
  return prettier.format(text, { ...(await prettier.resolveConfig(WEB_TYPES)), filepath: WEB_TYPES });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(WEB_TYPES, await webTypes(await openApiDocument()));
  console.info(`wrote ${WEB_TYPES}`);
}
