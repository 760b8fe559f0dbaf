import type { FastifyInstance } from 'fastify';
import { invalidParameter } from '../gate/refusals.ts';
import { acknowledgeAlert, alertDetail, listAlerts, listHoneyRecords } from '../guard/alert-review.ts';
import { listContainedAddresses, liftAddress } from '../guard/address-review.ts';
import { reinstate } from '../guard/containment.ts';
import type { Database } from '../store/database.ts';
import { requireActor } from './authenticate.ts';
import { pathId } from './path-id.ts';

/** The security officer's guard routes: alerts, reinstatement of contained accounts and addresses, honey records. */
export async function securityRoutes(app: FastifyInstance, { db }: { db: Database }): Promise<void> {
  app.get('/api/security/alerts', async (request) => {
    const actor = await requireActor(request);
    const query = request.query as Record<string, string | undefined>;
    const unknown = Object.keys(query).find((name) => name !== 'status');
    if (unknown) throw invalidParameter(`Unknown parameter ${unknown}`, unknown);
    if (query.status !== undefined && query.status !== 'open' && query.status !== 'all') throw invalidParameter("Parameter status must be 'open' or 'all'", 'status');
    return { alerts: await listAlerts(db, actor, { openOnly: query.status !== 'all', limit: 500 }) };
  });
  app.get('/api/security/alerts/:id', async (request) => alertDetail(db, await requireActor(request), pathId(request, 'alert')));
  app.post('/api/security/alerts/:id/acknowledge', async (request) => acknowledgeAlert(db, await requireActor(request), pathId(request, 'alert'), request.body));
  app.post('/api/security/accounts/:id/reinstate', async (request) => reinstate(db, await requireActor(request), pathId(request, 'account'), request.body));
  app.get('/api/security/addresses', async (request) => ({ addresses: await listContainedAddresses(db, await requireActor(request)) }));
  app.post('/api/security/addresses/lift', async (request) => liftAddress(db, await requireActor(request), request.body));
  app.get('/api/security/honey-records', async (request) => ({ honeyRecords: await listHoneyRecords(db, await requireActor(request)) }));
}
