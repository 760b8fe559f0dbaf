import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { breachNoticesOf } from '../breach/notices.ts';
import type { Gate } from '../gate/gate.ts';
import { forbidden } from '../domain/refusals.ts';
import { reportAccess } from '../guard/patient-reports.ts';
import { accessHistory } from '../ledger/access-history.ts';
import type { Database } from '../store/database.ts';
import { requireActor } from './authenticate.ts';
import { answers } from './schemas/common.ts';
import { Accesses, AccessReport, BreachNotices, OwnRecord, Reported } from './schemas/portal.ts';

/**
 * The patient portal: a patient's own identity (through the gate), who opened their
 * record, when and why (from the ledger), and the report of an access they do not
 * recognise (an alert for the security officer), and the breaches that concern them.
 */
export async function portalRoutes(scope: FastifyInstance, deps: { db: Database; gate: Gate }): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/portal/record', { schema: { response: answers(OwnRecord) } }, async (request) => {
    const patient = await deps.gate.readOwnRecord(await requireActor(request));
    const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
    return { id: patient.id!, family: name?.family ?? null, given: name?.given ?? [], birthDate: patient.birthDate ?? null };
  });

  app.get('/api/portal/accesses', { schema: { response: answers(Accesses) } }, async (request) => {
    const actor = await requireActor(request);
    if (actor.role !== 'patient' || !actor.patientId) throw forbidden(`role ${actor.role} has no record of its own in the portal`);
    return { accesses: await accessHistory(deps.db, actor, actor.patientId) };
  });

  // Am I affected? The breach cases that concern the patient, and what of theirs left.
  app.get('/api/portal/breaches', { schema: { response: answers(BreachNotices) } }, async (request) => ({
    breaches: await breachNoticesOf(deps.db, await requireActor(request)),
  }));

  app.post('/api/portal/reports', { schema: { body: AccessReport, response: answers(Reported, 201) } }, async (request, reply) =>
    reply.code(201).send(await reportAccess(deps.db, await requireActor(request), request.body)),
  );
}
