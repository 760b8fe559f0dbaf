import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCESS_POLICY, type AccessPolicy } from '../access/policy.ts';
import { ExportJobs } from '../exports/jobs.ts';
import { APPROVAL_ABOVE } from '../exports/purposes.ts';
import { Gate } from '../gate/gate.ts';
import { GateWrites } from '../gate/write.ts';
import type { Clock } from '../guard/clock.ts';
import { assembleGuard } from './guard-assembly.ts';
import { logRequests, requestLogger } from './request-log.ts';
import { LedgerWatch } from '../guard/console-figures.ts';
import { DEFAULT_RELYING_PARTY, type RelyingParty } from '../identity/passkeys/relying-party.ts';
import type { SsoConfig } from '../identity/sso/config.ts';
import type { Store } from '../runtime/open-store.ts';
import { activationRoutes } from './activation-routes.ts';
import { adminRoutes } from './admin-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { breakGlassRoutes } from './break-glass-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { auditEventRoutes } from './fhir/audit-event-routes.ts';
import { bulkExportRoutes } from './fhir/bulk-export-routes.ts';
import { fhirRoutes } from './fhir/routes.ts';
import { bodyLimitOf } from './input/body-limits.ts';
import { refuseBadInput } from './input/bad-input.ts';
import { schemaRefusal } from './input/schema-errors.ts';
import { openApiRoutes, OPENAPI, SHARED_SCHEMAS } from './openapi-routes.ts';
import { errorHandler, frameworkError, sendOutcome } from './outcome.ts';
import { ownSecurityRoutes } from './own-security-routes.ts';
import { passkeyRoutes } from './passkey-routes.ts';
import { portalRoutes } from './portal-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { RouteTable } from './route-table.ts';
import { webRoutes } from './web-routes.ts';
import { securityRoutes } from './security-routes.ts';
import { ssoRoutes } from './sso-routes.ts';
import { addSecurityHeaders } from './security-headers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The exports being written by this server. */
    exportJobs: ExportJobs;
    /** Every route served, as registered. */
    routeTable: RouteTable;
  }
}

export interface AppOptions {
  store: Store;
  /** Request logging (never query strings: they hold names and NIRs). */
  log?: boolean;
  /** Single sign-on with an OpenID Connect provider; its routes exist only when set. */
  sso?: SsoConfig | undefined;
  /** Need-to-know windows; only ever tighter than the defaults. */
  access?: AccessPolicy;
  /** WebAuthn relying party (VIGIE_RP_ID, VIGIE_ORIGIN); localhost by default. */
  relyingParty?: RelyingParty;
  /** The guard's time (a simulated one in tests and `vigie simulate`). */
  clock?: Clock;
  /** Where export files are kept until they expire (vigie serve: the data folder's `exports`). */
  exportDir?: string;
  /** Patients past which an export needs a second person (VIGIE_EXPORT_APPROVAL_ABOVE; only lower than the default). */
  exportApprovalAbove?: number;
  /** Reverse proxies whose X-Forwarded-For names the client (VIGIE_TRUSTED_PROXIES); none by default. */
  trustedProxies?: readonly string[];
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db, keys } = options.store;
  const log = options.log ? requestLogger() : undefined;
  const app = Fastify({
    ...(log ? log.options : { logger: false }),
    trustProxy: options.trustedProxies && options.trustedProxies.length > 0 ? [...options.trustedProxies] : false,
    // A URL the router cannot decode is a 400 OperationOutcome like any other bad input.
    frameworkErrors: frameworkError,
    // A schema refuses, never repairs: "5" is no number, an unknown field is no field to drop.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    schemaErrorFormatter: schemaRefusal,
  });
  // Answers leave as the domain built them: their schemas describe and type them, and drop nothing.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const guard = assembleGuard(options.clock);
  app.decorateRequest('vigieDb', { getter: () => db });
  app.decorateRequest('vigieGuard', { getter: () => guard });
  await app.register(swagger, OPENAPI(VERSION));
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  addSecurityHeaders(app);
  // JSON only (FHIR JSON): any other body is a 415, not a string to misread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/fhir+json', 'application/json'], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      const error = Object.assign(new Error('The body is not valid JSON'), { statusCode: 400 });
      done(error, undefined);
    }
  });
  app.setErrorHandler(errorHandler);
  const routeTable = new RouteTable();
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    routeTable.add(route.method, route.url);
    route.bodyLimit ??= bodyLimitOf(route.url);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = routeTable.methodsAt(path);
    if (allowed.length > 0)
      return sendOutcome(
        reply.header('allow', allowed.join(', ')),
        405,
        'not-supported',
        `${request.method} is not served at ${path}; ${allowed.join(', ')} are`,
      );
    return sendOutcome(reply, 404, 'not-found', `No route ${request.method} ${path}`);
  });
  // A callback hook: no promise per request for a check that never waits.
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      refuseBadInput(request);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    // Patient data must not linger in shared caches or browser history.
    reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  const policy = options.access ?? DEFAULT_ACCESS_POLICY;
  const gate = new Gate({ db, keys, policy, guard });
  const writes = new GateWrites({ db, keys, policy, guard });
  await app.register(async (scope) => authRoutes(scope, { db, keys, sso: Boolean(options.sso) }));
  await app.register(async (scope) => activationRoutes(scope, { db, keys }));
  const relyingParty = options.relyingParty ?? DEFAULT_RELYING_PARTY;
  await app.register(async (scope) => passkeyRoutes(scope, { db, relyingParty }));
  await app.register(async (scope) => ownSecurityRoutes(scope, { db, relyingParty }));
  const sso = options.sso;
  if (sso) await app.register(async (scope) => ssoRoutes(scope, { db, keys, config: sso }));
  await app.register(async (scope) => breakGlassRoutes(scope, { db, keys, policy, guard }));
  await app.register(async (scope) => adminRoutes(scope, { db, keys, policy, origin: relyingParty.origins[0]! }));
  await app.register(async (scope) => auditEventRoutes(scope, { db }));
  await app.register(async (scope) => securityRoutes(scope, { db, keys, ledger: new LedgerWatch(db, options.store.ledger) }));
  await app.register(async (scope) => portalRoutes(scope, { db, gate }));
  const jobs = new ExportJobs({ db, keys, dir: options.exportDir ?? join(tmpdir(), `vigie-exports-${process.pid}`) });
  app.decorate('exportJobs', jobs);
  // Closing waits for the exports being written: a file is finished or failed, never cut off with the database.
  app.addHook('onClose', async () => jobs.settled());
  if (log) {
    logRequests(app);
    app.addHook('onClose', async () => log.flush());
  }
  const exports = { db, guard, policy, jobs, approvalAbove: Math.min(options.exportApprovalAbove ?? APPROVAL_ABOVE, APPROVAL_ABOVE) };
  await app.register(async (scope) => exportRoutes(scope, exports));
  await app.register(async (scope) => bulkExportRoutes(scope, exports));
  await app.register(async (scope) => fhirRoutes(scope, { db, gate, writes, version: VERSION }));
  await app.register(async (scope) => healthRoutes(scope, { db, ledger: options.store.ledger }));
  await app.register(async (scope) => openApiRoutes(scope));
  await app.register(async (scope) => webRoutes(scope));
  return app;
}
