import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
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
import { answers, IdParams } from './schemas/common.ts';
import {
  AddressLift,
  Addresses,
  Alert,
  AlertDetail,
  Alerts,
  AlertsQuery,
  Attribution,
  BreachCases,
  Disclosures,
  DisclosuresQuery,
  HoneyRecords,
  LedgerStatus,
  Lifted,
  OfficerNote,
  Reinstated,
} from './schemas/security.ts';

/** The security officer's guard routes: alerts, reinstatement of contained accounts and addresses, honey records. */
export async function securityRoutes(scope: FastifyInstance, { db, keys, ledger }: { db: Database; keys: KeyRing; ledger: LedgerWatch }): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const alert = IdParams('alert');
  app.get('/api/security/alerts', { schema: { querystring: AlertsQuery, response: answers(Alerts) } }, async (request) => ({
    alerts: await listAlerts(db, await requireActor(request), { openOnly: request.query.status !== 'all', limit: 500 }),
  }));
  app.get('/api/security/alerts/:id', { schema: { params: alert, response: answers(AlertDetail) } }, async (request) =>
    alertDetail(db, await requireActor(request), pathId(request.params)),
  );
  app.post('/api/security/alerts/:id/acknowledge', { schema: { params: alert, body: OfficerNote, response: answers(Alert) } }, async (request) =>
    acknowledgeAlert(db, await requireActor(request), pathId(request.params), request.body.note),
  );
  app.post(
    '/api/security/accounts/:id/reinstate',
    { schema: { params: IdParams('account'), body: OfficerNote, response: answers(Reinstated) } },
    async (request) => reinstate(db, await requireActor(request), pathId(request.params), request.body.note),
  );
  app.get('/api/security/addresses', { schema: { response: answers(Addresses) } }, async (request) => ({
    addresses: await listContainedAddresses(db, await requireActor(request)),
  }));
  app.post('/api/security/addresses/lift', { schema: { body: AddressLift, response: answers(Lifted) } }, async (request) =>
    liftAddress(db, await requireActor(request), request.body),
  );
  // A leaked sample, as found: CSV or NDJSON text, up to 16 MiB.
  app.addContentTypeParser(SAMPLE_TYPES, { parseAs: 'string', bodyLimit: 16 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  const sample = Type.String({ description: `The sample itself, as ${SAMPLE_TYPES.join(' or ')}` });
  app.post('/api/security/attribute', { schema: { body: Type.Unsafe<unknown>(sample), response: answers(Attribution) } }, async (request) => {
    const actor = await requireActor(request);
    if (!ATTRIBUTOR_ROLES.includes(actor.role)) {
      await appendAudit(db, [entryOf(actor, 'export-attribute', 'refused', `role ${actor.role} may not attribute a sample`)]);
      throw forbidden(`role ${actor.role} may not attribute a sample`);
    }
    if (typeof request.body !== 'string' || request.body.trim() === '')
      throw invalidParameter(`The body must be the sample itself, as ${SAMPLE_TYPES.join(' or ')}`, 'body');
    return attributeSample({ db, keys }, request.body, { actor });
  });
  app.get('/api/security/disclosures', { schema: { querystring: DisclosuresQuery, response: answers(Disclosures) } }, async (request) => {
    const actor = await requireActor(request);
    const hours = request.query.hours === undefined ? 24 : Number(request.query.hours);
    if (hours < 1 || hours > 168) throw invalidParameter('Parameter hours must be a whole number from 1 to 168', 'hours');
    return { hours: await disclosuresPerHour(db, actor, hours) };
  });
  app.get('/api/security/ledger', { schema: { response: answers(LedgerStatus) } }, async (request) => ledger.status(await requireActor(request)));
  app.post('/api/security/ledger/verify', { schema: { response: answers(LedgerStatus) } }, async (request) => ledger.verify(await requireActor(request)));
  app.get('/api/security/breaches', { schema: { response: answers(BreachCases) } }, async (request) => ({
    breaches: await listBreachCases(db, await requireActor(request)),
  }));
  app.get('/api/security/honey-records', { schema: { response: answers(HoneyRecords) } }, async (request) => ({
    honeyRecords: await listHoneyRecords(db, await requireActor(request)),
  }));
}

const SAMPLE_TYPES = ['text/csv', 'application/x-ndjson', 'application/fhir+ndjson', 'text/plain'];

/** Who weighs a leaked sample against the exports: the security officer and the data protection officer. */
const ATTRIBUTOR_ROLES: readonly Role[] = ['security_officer', 'dpo'];
