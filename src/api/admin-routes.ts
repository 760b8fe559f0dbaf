import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AccessPolicy } from '../access/policy.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
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
import { pathId } from './path-id.ts';
import { answers, IdParams, NO_CONTENT } from './schemas/common.ts';
import {
  Account,
  AccountChange,
  AccountRequests,
  Decided,
  LockoutReset,
  MemberParams,
  NewAccount,
  NewMember,
  NewTeam,
  PasswordChange,
  RequestedAccount,
  ReviewQuery,
  RightsReview,
  Team,
  TeamChange,
  Teams,
} from './schemas/admin.ts';

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
export async function adminRoutes(scope: FastifyInstance, deps: AdminDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db, keys, policy, origin } = deps;
  const account = IdParams('account');
  const requestId = IdParams('request');
  const team = IdParams('team');

  app.post('/api/admin/accounts', { schema: { body: NewAccount, response: answers(RequestedAccount, 201) } }, async (request, reply) =>
    reply.code(201).send(await createManagedAccount(db, keys, await requireActor(request), request.body)),
  );
  app.patch('/api/admin/accounts/:id', { schema: { params: account, body: AccountChange, response: answers(RequestedAccount) } }, async (request) =>
    changeManagedAccount(db, await requireActor(request), pathId(request.params), request.body),
  );
  app.post('/api/admin/accounts/:id/disable', { schema: { params: account, response: answers(Account) } }, async (request) =>
    disableManagedAccount(db, await requireActor(request), pathId(request.params)),
  );
  app.post('/api/admin/accounts/:id/enable', { schema: { params: account, response: answers(RequestedAccount) } }, async (request) =>
    enableManagedAccount(db, await requireActor(request), pathId(request.params)),
  );
  app.post('/api/admin/accounts/:id/reset-lockout', { schema: { params: account, response: answers(LockoutReset) } }, async (request) =>
    resetLockout(db, await requireActor(request), pathId(request.params)),
  );
  app.post('/api/admin/accounts/:id/activation', { schema: { params: account, response: answers(RequestedAccount, 201) } }, async (request, reply) =>
    reply.code(201).send(await requestActivationCode(db, await requireActor(request), pathId(request.params))),
  );

  app.get('/api/admin/requests', { schema: { response: answers(AccountRequests) } }, async (request) => ({
    requests: await listAccountRequests(db, await requireActor(request), policy),
  }));
  // A new account or a new code comes with the letter to hand over: the code, and a QR code of the activation page.
  app.post('/api/admin/requests/:id/confirm', { schema: { params: requestId, response: answers(Decided) } }, async (request) =>
    withActivationLetter(await confirmAccountRequest(db, keys, policy, await requireActor(request), pathId(request.params)), origin),
  );
  app.post('/api/admin/requests/:id/reject', { schema: { params: requestId, response: answers(Decided) } }, async (request) =>
    rejectAccountRequest(db, await requireActor(request), pathId(request.params)),
  );

  app.get('/api/admin/teams', { schema: { response: answers(Teams) } }, async (request) => ({ teams: await listStaffTeams(db, await requireActor(request)) }));
  app.post('/api/admin/teams', { schema: { body: NewTeam, response: answers(Team, 201) } }, async (request, reply) =>
    reply.code(201).send(await createStaffTeam(db, await requireActor(request), request.body)),
  );
  app.patch('/api/admin/teams/:id', { schema: { params: team, body: TeamChange, response: answers(Team) } }, async (request) =>
    changeStaffTeam(db, await requireActor(request), pathId(request.params), request.body),
  );
  app.post('/api/admin/teams/:id/disable', { schema: { params: team, response: answers(Team) } }, async (request) =>
    setStaffTeamStatus(db, await requireActor(request), pathId(request.params), 'disabled'),
  );
  app.post('/api/admin/teams/:id/enable', { schema: { params: team, response: answers(Team) } }, async (request) =>
    setStaffTeamStatus(db, await requireActor(request), pathId(request.params), 'active'),
  );
  app.post('/api/admin/teams/:id/members', { schema: { params: team, body: NewMember, response: answers(Team) } }, async (request) =>
    addStaffTeamMember(db, await requireActor(request), pathId(request.params), request.body),
  );
  app.delete('/api/admin/teams/:id/members/:accountId', { schema: { params: MemberParams, response: answers(Team) } }, async (request) =>
    removeStaffTeamMember(db, await requireActor(request), pathId(request.params), request.params.accountId.toLowerCase()),
  );

  app.get('/api/admin/review', { schema: { querystring: ReviewQuery, response: answers(RightsReview) } }, async (request) =>
    reviewRightsAs(db, await requireActor(request), { establishmentId: request.query.establishment?.toLowerCase() }),
  );

  app.post('/api/account/password', { schema: { body: PasswordChange, response: NO_CONTENT } }, async (request, reply) => {
    await changeOwnPassword(db, await requireActor(request), request.body);
    return reply.code(204).send();
  });
}
