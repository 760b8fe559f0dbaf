import type { FastifyInstance } from 'fastify';
import { listBreachCases } from '../breach/case-list.ts';
import { invalidParameter } from '../domain/refusals.ts';
import { acknowledgeAlert, alertDetail, listAlerts, listHoneyRecords } from '../guard/alert-review.ts';
import { listContainedAddresses, liftAddress } from '../guard/address-review.ts';
import { reinstate } from '../guard/reinstatement.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import { attributeSample } from '../exports/attribution/attribute.ts';
import { entryOf } from '../exports/requests.ts';
import { forbidden } from '../domain/refusals.ts';
import type { Role } from '../domain/roles.ts';
import { appendAudit } from '../ledger/append.ts';
import { disclosuresPerHour, type LedgerWatch } from '../guard/console-figures.ts';
import type { Database } from '../store/database.ts';
import { requireActor } from './authenticate.ts';
import { pathId } from './path-id.ts';

/** The security officer's guard routes: alerts, reinstatement of contained accounts and addresses, honey records. */
export async function securityRoutes(app: FastifyInstance, { db, keys, ledger }: { db: Database; keys: KeyRing; ledger: LedgerWatch }): Promise<void> {
  app.get('/api/security/alerts', async (request) => {
    const actor = await requireActor(request);
    const query = request.query as Record<string, string | undefined>;
    if (query.status !== undefined && query.status !== 'open' && query.status !== 'all')
      throw invalidParameter("Parameter status must be 'open' or 'all'", 'status');
    return { alerts: await listAlerts(db, actor, { openOnly: query.status !== 'all', limit: 500 }) };
  });
  app.get('/api/security/alerts/:id', async (request) => alertDetail(db, await requireActor(request), pathId(request, 'alert')));
  app.post('/api/security/alerts/:id/acknowledge', async (request) =>
    acknowledgeAlert(db, await requireActor(request), pathId(request, 'alert'), request.body),
  );
  app.post('/api/security/accounts/:id/reinstate', async (request) => reinstate(db, await requireActor(request), pathId(request, 'account'), request.body));
  app.get('/api/security/addresses', async (request) => ({ addresses: await listContainedAddresses(db, await requireActor(request)) }));
  app.post('/api/security/addresses/lift', async (request) => liftAddress(db, await requireActor(request), request.body));
  // A leaked sample, as found: CSV or NDJSON text, up to 16 MiB.
  app.addContentTypeParser(SAMPLE_TYPES, { parseAs: 'string', bodyLimit: 16 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  app.post('/api/security/attribute', async (request) => {
    const actor = await requireActor(request);
    if (!ATTRIBUTOR_ROLES.includes(actor.role)) {
      await appendAudit(db, [entryOf(actor, 'export-attribute', 'refused', `role ${actor.role} may not attribute a sample`)]);
      throw forbidden(`role ${actor.role} may not attribute a sample`);
    }
    if (typeof request.body !== 'string' || request.body.trim() === '')
      throw invalidParameter(`The body must be the sample itself, as ${SAMPLE_TYPES.join(' or ')}`, 'body');
    return attributeSample({ db, keys }, request.body, { actor });
  });
  app.get('/api/security/disclosures', async (request) => {
    const actor = await requireActor(request);
    const query = request.query as Record<string, string | undefined>;
    const hours = query.hours === undefined ? 24 : Number(query.hours);
    if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw invalidParameter('Parameter hours must be a whole number from 1 to 168', 'hours');
    return { hours: await disclosuresPerHour(db, actor, hours) };
  });
  app.get('/api/security/ledger', async (request) => ledger.status(await requireActor(request)));
  app.post('/api/security/ledger/verify', async (request) => ledger.verify(await requireActor(request)));
  app.get('/api/security/breaches', async (request) => ({ breaches: await listBreachCases(db, await requireActor(request)) }));
  app.get('/api/security/honey-records', async (request) => ({ honeyRecords: await listHoneyRecords(db, await requireActor(request)) }));
}

const SAMPLE_TYPES = ['text/csv', 'application/x-ndjson', 'application/fhir+ndjson', 'text/plain'];

/** Who weighs a leaked sample against the exports: the security officer and the data protection officer. */
const ATTRIBUTOR_ROLES: readonly Role[] = ['security_officer', 'dpo'];
