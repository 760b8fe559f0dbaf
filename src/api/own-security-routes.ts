import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pathId } from '../identity/admin-input.ts';
import { noticesOf } from '../notices/notices.ts';
import { addPasskey, addPasskeyOptions, listOwnPasskeys, removeOwnPasskey, renewRecoveryCodes } from '../identity/passkeys/own-factors.ts';
import type { RelyingParty } from '../identity/passkeys/relying-party.ts';
import { stepUpOptions, verifyStepUp } from '../identity/passkeys/step-up.ts';
import type { Database } from '../store/database.ts';
import { objectBody } from './auth-routes.ts';
import { requireActor } from './authenticate.ts';

export interface OwnSecurityDeps {
  db: Database;
  relyingParty: RelyingParty;
}

/** A signed-in person's own passkeys, recovery codes, step-up and notices (`/api/me/…`). */
export async function ownSecurityRoutes(app: FastifyInstance, deps: OwnSecurityDeps): Promise<void> {
  const { db, relyingParty } = deps;
  const passkeyId = (request: FastifyRequest) => pathId((request.params as Record<string, string>).id!, 'id');

  app.get('/api/me/passkeys', async (request) => ({ passkeys: await listOwnPasskeys(db, await requireActor(request)) }));
  app.post('/api/me/passkeys/options', async (request) => addPasskeyOptions(db, relyingParty, await requireActor(request)));
  app.post('/api/me/passkeys', async (request, reply) => {
    const actor = await requireActor(request);
    return reply.code(201).send(await addPasskey(db, actor, objectBody(request).response));
  });
  app.delete('/api/me/passkeys/:id', async (request, reply) => {
    const actor = await requireActor(request);
    await removeOwnPasskey(db, actor, passkeyId(request));
    return reply.code(204).send();
  });

  app.post('/api/me/step-up/options', async (request) => stepUpOptions(db, relyingParty, await requireActor(request)));
  app.post('/api/me/step-up/verify', async (request) => {
    const actor = await requireActor(request);
    return verifyStepUp(db, actor, objectBody(request).response);
  });

  app.post('/api/me/recovery-codes', async (request) => renewRecoveryCodes(db, await requireActor(request)));
  app.get('/api/me/notices', async (request) => ({ notices: await noticesOf(db, (await requireActor(request)).accountId) }));
}
