import type { FastifyInstance } from 'fastify';
import { invalidParameter } from '../../domain/refusals.ts';
import { isUuid } from '../../domain/uuid.ts';
import { accessHistory } from '../../ledger/access-history.ts';
import { auditEventOf } from '../../ledger/audit-event-fhir.ts';
import { searchAudit, type AuditFilter } from '../../ledger/audit-query.ts';
import type { Database } from '../../store/database.ts';
import { requireActor } from '../authenticate.ts';
import { searchBundle } from './bundle.ts';
import { strictParams } from './params.ts';
import { fhirJson } from './routes.ts';

export const AUDIT_PARAMS = ['patient', 'agent', 'action', 'date', '_count', '_cursor'] as const;
const DATE = /^(ge|lt|eq)?(\d{4}-\d{2}-\d{2})$/;
const DAY = 86_400_000;

/** `GET /fhir/AuditEvent`: the ledger, for the DPO and the security officer, newest first. */
export async function auditEventRoutes(app: FastifyInstance, deps: { db: Database }): Promise<void> {
  app.get('/fhir/AuditEvent', async (request, reply) => {
    const actor = await requireActor(request);
    const params = strictParams(request.query, AUDIT_PARAMS);
    const filter: AuditFilter = { count: 50 };
    const id = (name: 'patient' | 'agent', prefix: string) => {
      const value = params[name]?.replace(prefix, '');
      if (value !== undefined && !isUuid(value)) throw invalidParameter(`Parameter ${name} must be an id`, name);
      return value?.toLowerCase();
    };
    filter.patientId = id('patient', 'Patient/');
    filter.agentId = id('agent', 'Account/');
    if (params.action !== undefined && !/^[a-z-]{1,40}$/.test(params.action)) throw invalidParameter('Parameter action must be an action code', 'action');
    filter.action = params.action;
    if (params.date !== undefined) {
      const [, prefix = 'eq', day] = DATE.exec(params.date) ?? [];
      const start = day ? new Date(`${day}T00:00:00Z`) : undefined;
      if (!start || Number.isNaN(start.getTime())) throw invalidParameter('Parameter date must be [ge|lt|eq]YYYY-MM-DD', 'date');
      if (prefix !== 'lt') filter.from = start;
      if (prefix === 'eq') filter.to = new Date(start.getTime() + DAY);
      if (prefix === 'lt') filter.to = start;
    }
    if (params._count !== undefined) {
      if (!/^\d{1,4}$/.test(params._count) || Number(params._count) < 1) throw invalidParameter('_count must be a positive integer', '_count');
      filter.count = Math.min(Number(params._count), 500);
    }
    if (params._cursor !== undefined) {
      if (!/^\d{1,19}$/.test(params._cursor)) throw invalidParameter('_cursor is not a cursor this server issued', '_cursor');
      filter.before = BigInt(params._cursor);
    }
    const rows = await searchAudit(deps.db, actor, filter);
    const next = rows.length === filter.count ? String(rows.at(-1)!.seq) : undefined;
    return fhirJson(reply).send(searchBundle(request, { resources: rows.map(auditEventOf), next }));
  });

  // Who opened this patient's record, when and why: the patient's right of access.
  app.get<{ Params: { id: string } }>('/api/patients/:id/access-history', async (request) => {
    const actor = await requireActor(request);
    if (!isUuid(request.params.id)) throw invalidParameter('Unknown patient id', 'id');
    return { patient: request.params.id.toLowerCase(), accesses: await accessHistory(deps.db, actor, request.params.id.toLowerCase()) };
  });
}
