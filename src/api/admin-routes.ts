import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessPolicy } from '../access/policy.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import { invalidParameter } from '../domain/refusals.ts';
import { pathId } from '../identity/admin-input.ts';
import { withActivationLetter } from '../identity/activation-letter.ts';
import { confirmAccountRequest, listAccountRequests, rejectAccountRequest } from '../identity/account-requests.ts';
import {
  changeManagedAccount,
  createManagedAccount,
  disableManagedAccount,
  enableManagedAccount,
  requestActivationCode,
  resetLockout,
} from '../identity/administration.ts';
import { changeOwnPassword } from '../identity/password-change.ts';
import { reviewRightsAs } from '../identity/rights-review.ts';
import { addStaffTeamMember, changeStaffTeam, createStaffTeam, listStaffTeams, removeStaffTeamMember, setStaffTeamStatus } from '../identity/staff-teams.ts';
import type { Database } from '../store/database.ts';
import { requireActor } from './authenticate.ts';

export interface AdminDeps {
  db: Database;
  keys: KeyRing;
  policy: AccessPolicy;
  /** Where the web application is served: the activation letter's link and QR code. */
  origin: string;
}

/**
 * Account administration (`user_admin`; checked in src/identity, refusals audited): every
 * act that makes access is a request that a second user administrator or a security
 * officer confirms (`/api/admin/requests`). The rights review, and a user's own password
 * change. JSON in, JSON out; refusals are OperationOutcomes.
 */
export async function adminRoutes(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  const { db, keys, policy, origin } = deps;
  const id = (request: FastifyRequest, name = 'id') => pathId((request.params as Record<string, string>)[name]!, name);

  app.post('/api/admin/accounts', async (request, reply) =>
    reply.code(201).send(await createManagedAccount(db, keys, await requireActor(request), request.body)),
  );
  app.patch('/api/admin/accounts/:id', async (request) => changeManagedAccount(db, await requireActor(request), id(request), request.body));
  app.post('/api/admin/accounts/:id/disable', async (request) => disableManagedAccount(db, await requireActor(request), id(request)));
  app.post('/api/admin/accounts/:id/enable', async (request) => enableManagedAccount(db, await requireActor(request), id(request)));
  app.post('/api/admin/accounts/:id/reset-lockout', async (request) => resetLockout(db, await requireActor(request), id(request)));
  app.post('/api/admin/accounts/:id/activation', async (request, reply) =>
    reply.code(201).send(await requestActivationCode(db, await requireActor(request), id(request))),
  );

  app.get('/api/admin/requests', async (request) => ({ requests: await listAccountRequests(db, await requireActor(request), policy) }));
  // A new account or a new code comes with the letter to hand over: the code, and a QR code of the activation page.
  app.post('/api/admin/requests/:id/confirm', async (request) =>
    withActivationLetter(await confirmAccountRequest(db, keys, policy, await requireActor(request), id(request)), origin),
  );
  app.post('/api/admin/requests/:id/reject', async (request) => rejectAccountRequest(db, await requireActor(request), id(request)));

  app.get('/api/admin/teams', async (request) => ({ teams: await listStaffTeams(db, await requireActor(request)) }));
  app.post('/api/admin/teams', async (request, reply) => reply.code(201).send(await createStaffTeam(db, await requireActor(request), request.body)));
  app.patch('/api/admin/teams/:id', async (request) => changeStaffTeam(db, await requireActor(request), id(request), request.body));
  app.post('/api/admin/teams/:id/disable', async (request) => setStaffTeamStatus(db, await requireActor(request), id(request), 'disabled'));
  app.post('/api/admin/teams/:id/enable', async (request) => setStaffTeamStatus(db, await requireActor(request), id(request), 'active'));
  app.post('/api/admin/teams/:id/members', async (request) => addStaffTeamMember(db, await requireActor(request), id(request), request.body));
  app.delete('/api/admin/teams/:id/members/:accountId', async (request) =>
    removeStaffTeamMember(db, await requireActor(request), id(request), id(request, 'accountId')),
  );

  app.get('/api/admin/review', async (request) => {
    const actor = await requireActor(request);
    const query = request.query as Record<string, string | undefined>;
    const unknown = Object.keys(query).find((name) => name !== 'establishment');
    if (unknown) throw invalidParameter(`Unknown parameter ${unknown}`, unknown);
    return reviewRightsAs(db, actor, { establishmentId: query.establishment === undefined ? undefined : pathId(query.establishment, 'establishment') });
  });

  app.post('/api/account/password', async (request, reply) => {
    await changeOwnPassword(db, await requireActor(request), request.body);
    return reply.code(204).send();
  });
}
