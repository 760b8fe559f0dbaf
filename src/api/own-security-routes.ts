import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { noticesOf } from '../notices/notices.ts';
import { addPasskey, addPasskeyOptions, listOwnPasskeys, removeOwnPasskey, renewRecoveryCodes } from '../identity/passkeys/own-factors.ts';
import type { RelyingParty } from '../identity/passkeys/relying-party.ts';
import { stepUpOptions, verifyStepUp } from '../identity/passkeys/step-up.ts';
import type { Database } from '../store/database.ts';
import { requireActor } from './authenticate.ts';
import { pathId } from './path-id.ts';
import { answers, IdParams, NO_CONTENT } from './schemas/common.ts';
import { AddedPasskey, NewPasskey, Notices, Passkeys, RecoveryCodes, SteppedUp, StepUp } from './schemas/own-security.ts';
import { CeremonyOptions } from './schemas/sign-in.ts';

export interface OwnSecurityDeps {
  db: Database;
  relyingParty: RelyingParty;
}

/** A signed-in person's own passkeys, recovery codes, step-up and notices (`/api/me/…`). */
export async function ownSecurityRoutes(scope: FastifyInstance, deps: OwnSecurityDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db, relyingParty } = deps;

  app.get('/api/me/passkeys', { schema: { response: answers(Passkeys) } }, async (request) => ({
    passkeys: await listOwnPasskeys(db, await requireActor(request)),
  }));
  app.post('/api/me/passkeys/options', { schema: { response: answers(CeremonyOptions) } }, async (request) =>
    addPasskeyOptions(db, relyingParty, await requireActor(request)),
  );
  app.post('/api/me/passkeys', { schema: { body: NewPasskey, response: answers(AddedPasskey, 201) } }, async (request, reply) => {
    const actor = await requireActor(request);
    return reply.code(201).send(await addPasskey(db, actor, request.body.response));
  });
  app.delete('/api/me/passkeys/:id', { schema: { params: IdParams('passkey'), response: NO_CONTENT } }, async (request, reply) => {
    const actor = await requireActor(request);
    await removeOwnPasskey(db, actor, pathId(request.params));
    return reply.code(204).send();
  });

  app.post('/api/me/step-up/options', { schema: { response: answers(CeremonyOptions) } }, async (request) =>
    stepUpOptions(db, relyingParty, await requireActor(request)),
  );
  app.post('/api/me/step-up/verify', { schema: { body: StepUp, response: answers(SteppedUp) } }, async (request) => {
    const actor = await requireActor(request);
    return verifyStepUp(db, actor, request.body.response);
  });

  app.post('/api/me/recovery-codes', { schema: { response: answers(RecoveryCodes) } }, async (request) => renewRecoveryCodes(db, await requireActor(request)));
  app.get('/api/me/notices', { schema: { response: answers(Notices) } }, async (request) => ({
    notices: await noticesOf(db, (await requireActor(request)).accountId),
  }));
}
